// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/configanalysis.h"
#include "config/documentedit.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace ocw {

class AnalysisJob;
class ConfigForm;
class JsonHighlighter;
class ProblemsModel;

// The config workbench page: a form, the JSON source and the problems list over one document.
// The source text is the document; form edits become minimal text edits on it (so undo covers both),
// and every change is validated off the UI thread.
class ConfigWorkbench final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigWorkbench)

public:
    explicit ConfigWorkbench(QWidget *parent = nullptr);
    ~ConfigWorkbench() override;

    // Replaces the document with the file's bytes; returns an error message or an empty string.
    QString openFile(const QString &path);
    // An untitled document: `text`, or a starter config with an ocagent exporter.
    void newDocument(const QByteArray &text = QByteArray());
    QString saveTo(const QString &path);

    QString filePath() const { return m_filePath; }
    bool isModified() const;
    bool canSave() const { return !m_readOnly; }
    // The document's bytes as a save would write them.
    QByteArray bytes() const;
    std::shared_ptr<const ConfigAnalysis> analysis() const { return m_analysis; }
    // The analysis of the current text, computed now if the background one is behind.
    std::shared_ptr<const ConfigAnalysis> currentAnalysis();

    QPlainTextEdit *sourceEditor() const { return m_source; }
    ConfigForm *form() const { return m_form; }
    QTableView *problemsView() const { return m_problemsView; }
    ProblemsModel *problemsModel() const { return m_problems; }

    void goToDiagnostic(const Diagnostic &diagnostic);

signals:
    void modificationChanged(bool modified);
    void analysisUpdated();
    void statusMessage(const QString &message);

private:
    void setEditorText(const QByteArray &bytes);
    void applyFormEdit(const QString &relativePointer, const std::optional<QByteArray> &json);
    void applyTextEdit(const QByteArray &bytes, const TextEdit &edit);
    int editorPosition(const QByteArray &bytes, qsizetype offset) const;
    void showAnalysis(std::shared_ptr<const ConfigAnalysis> analysis, const QByteArray &bytes);
    void underlineProblems(const QByteArray &bytes);

    ConfigForm *m_form = nullptr;
    QPlainTextEdit *m_source = nullptr;
    QLabel *m_sourceNote = nullptr;
    QTableView *m_problemsView = nullptr;
    ProblemsModel *m_problems = nullptr;
    JsonHighlighter *m_highlighter = nullptr;
    AnalysisJob *m_job = nullptr;
    QTimer m_debounce;
    std::shared_ptr<const ConfigAnalysis> m_analysis;
    QByteArray m_analyzedBytes;
    QString m_filePath;
    QByteArray m_lineEnd = "\n";
    bool m_readOnly = false;
};

} // namespace ocw
