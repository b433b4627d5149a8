// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/configanalysis.h"
#include "config/documentedit.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QAction;
class QMenu;
class QPlainTextEdit;
class QTableView;

namespace Ui {
class ConfigWorkbench;
}

namespace ocw {

class AnalysisJob;
class ConfigForm;
class JsonHighlighter;
class ProblemsModel;

// The config workbench page: a form, the JSON source and the problems list over one document.
// The source text is the document; form edits and quick fixes become minimal text edits on it (so undo
// covers them all), and every change is validated off the UI thread.
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

    QPlainTextEdit *sourceEditor() const;
    ConfigForm *form() const;
    QTableView *problemsView() const;
    ProblemsModel *problemsModel() const { return m_problems; }
    // The lightbulb: applies the fix of the selected problem, or of the one under the text cursor.
    QAction *quickFixAction() const { return m_quickFix; }

    void goToDiagnostic(const Diagnostic &diagnostic);
    // Applies the problem's quick fix to the text it was found in; false (and a status message) when the
    // problem has none or the text has changed since.
    bool applyQuickFix(const Diagnostic &diagnostic);
    // The problems underlined at an editor position (a character index in the source view).
    Diagnostics problemsAt(int position) const;

signals:
    void modificationChanged(bool modified);
    void analysisUpdated();
    void statusMessage(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setEditorText(const QByteArray &bytes);
    void applyFormEdit(const QString &relativePointer, const std::optional<QByteArray> &json);
    void applyTextEdit(const QByteArray &bytes, const TextEdit &edit);
    int editorPosition(const QByteArray &bytes, qsizetype offset) const;
    void showAnalysis(std::shared_ptr<const ConfigAnalysis> analysis, const QByteArray &bytes);
    void underlineProblems(const QByteArray &bytes);
    std::optional<Diagnostic> lightbulbProblem() const;
    void updateLightbulb();
    void addQuickFixes(QMenu *menu, const Diagnostics &problems);
    void showProblemsMenu(const QPoint &pos);
    void showEditorMenu(const QPoint &pos);

    // Where each problem's underline stands in the editor, for hover tooltips and the editor's menu.
    struct Underline {
        int start = 0;
        int end = 0;
        Diagnostic diagnostic;
    };

    std::unique_ptr<Ui::ConfigWorkbench> m_ui;
    ProblemsModel *m_problems = nullptr;
    JsonHighlighter *m_highlighter = nullptr;
    AnalysisJob *m_job = nullptr;
    QAction *m_quickFix = nullptr;
    QTimer m_debounce;
    std::shared_ptr<const ConfigAnalysis> m_analysis;
    QByteArray m_analyzedBytes;
    QList<Underline> m_underlines;
    QString m_filePath;
    QByteArray m_lineEnd = "\n";
    bool m_readOnly = false;
};

} // namespace ocw
