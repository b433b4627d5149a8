// SPDX-License-Identifier: Apache-2.0
#include "configworkbench.h"

#include "analysisjob.h"
#include "configform.h"
#include "jsonhighlighter.h"
#include "problemsmodel.h"

#include "atomicfile.h"
#include "config/configfile.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSplitter>
#include <QStringDecoder>
#include <QTableView>
#include <QTextBlock>
#include <QVBoxLayout>

namespace ocw {

namespace {

// Colouring a multi-megabyte file would hold the UI for seconds; such files are shown plain.
constexpr qsizetype kHighlightLimit = 2 * 1024 * 1024;
constexpr int kValidateDelayMs = 150;

} // namespace

ConfigWorkbench::ConfigWorkbench(QWidget *parent)
    : QWidget(parent), m_job(new AnalysisJob(this))
{
    m_form = new ConfigForm;
    auto *formScroll = new QScrollArea;
    formScroll->setWidget(m_form);
    formScroll->setWidgetResizable(true);
    formScroll->setMinimumWidth(420);

    auto *sourcePane = new QWidget;
    auto *sourceLayout = new QVBoxLayout(sourcePane);
    sourceLayout->setContentsMargins(0, 0, 0, 0);
    m_sourceNote = new QLabel(sourcePane);
    m_sourceNote->setWordWrap(true);
    m_sourceNote->hide();
    m_source = new QPlainTextEdit(sourcePane);
    m_source->setObjectName(QStringLiteral("sourceEditor"));
    m_source->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_source->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_source->setTabStopDistance(4 * m_source->fontMetrics().horizontalAdvance(u' '));
    sourceLayout->addWidget(m_sourceNote);
    sourceLayout->addWidget(m_source);

    m_problems = new ProblemsModel(this);
    m_problemsView = new QTableView;
    m_problemsView->setObjectName(QStringLiteral("problemsView"));
    m_problemsView->setModel(m_problems);
    m_problemsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_problemsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_problemsView->setWordWrap(false);
    m_problemsView->verticalHeader()->hide();
    m_problemsView->horizontalHeader()->setStretchLastSection(true);
    m_problemsView->horizontalHeader()->setSectionResizeMode(ProblemsModel::SeverityColumn, QHeaderView::ResizeToContents);
    m_problemsView->horizontalHeader()->setSectionResizeMode(ProblemsModel::RuleColumn, QHeaderView::ResizeToContents);
    m_problemsView->horizontalHeader()->setSectionResizeMode(ProblemsModel::LocationColumn, QHeaderView::ResizeToContents);

    auto *top = new QSplitter(Qt::Horizontal);
    top->addWidget(formScroll);
    top->addWidget(sourcePane);
    top->setStretchFactor(1, 1);
    top->setSizes({500, 780});
    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->addWidget(top);
    vertical->addWidget(m_problemsView);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(vertical);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kValidateDelayMs);
    connect(&m_debounce, &QTimer::timeout, this, [this] { m_job->start(bytes()); });
    connect(m_source, &QPlainTextEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_source->document(), &QTextDocument::modificationChanged, this, &ConfigWorkbench::modificationChanged);
    connect(m_job, &AnalysisJob::finished, this, &ConfigWorkbench::showAnalysis);
    connect(m_form, &ConfigForm::valueEdited, this,
            [this](const QString &pointer, const QByteArray &json) { applyFormEdit(pointer, json); });
    connect(m_form, &ConfigForm::valueRemoved, this,
            [this](const QString &pointer) { applyFormEdit(pointer, std::nullopt); });
    const auto jump = [this](const QModelIndex &index) {
        goToDiagnostic(index.data(ProblemsModel::DiagnosticRole).value<Diagnostic>());
    };
    connect(m_problemsView, &QTableView::activated, this, jump);
    connect(m_problemsView, &QTableView::clicked, this, jump);
}

ConfigWorkbench::~ConfigWorkbench() = default;

QString ConfigWorkbench::openFile(const QString &path)
{
    const ConfigFile::ReadResult read = ConfigFile::read(path);
    if (!read.ok())
        return read.error;
    m_filePath = path;
    setEditorText(read.bytes);
    return QString();
}

void ConfigWorkbench::newDocument(const QByteArray &text)
{
    m_filePath.clear();
    if (!text.isEmpty()) {
        setEditorText(text);
        return;
    }
    setEditorText("{\n  \"version\": 3,\n  \"extra_config\": {\n    \"telemetry/opencensus\": {\n      \"sample_rate\": 100,\n"
                  "      \"reporting_period\": 1,\n      \"exporters\": {\n        \"ocagent\": {\n"
                  "          \"address\": \"localhost:55678\",\n          \"service_name\": \"krakend\",\n"
                  "          \"reconnection\": \"2s\",\n          \"insecure\": true,\n"
                  "          \"enable_compression\": true\n        }\n      }\n    }\n  }\n}\n");
}

void ConfigWorkbench::setEditorText(const QByteArray &fileBytes)
{
    // The editor holds "\n" line ends; the file's own style is restored on save.
    const qsizetype newlines = fileBytes.count('\n');
    const qsizetype crlf = fileBytes.count("\r\n");
    m_lineEnd = crlf > 0 && crlf * 2 >= newlines ? QByteArray("\r\n") : QByteArray("\n");
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder(fileBytes);
    const bool validUtf8 = !decoder.hasError();
    m_readOnly = !validUtf8;
    QStringList notes;
    if (!validUtf8)
        notes << tr("This file is not valid UTF-8 text, so it is shown read-only: saving it from here would change "
                    "bytes you did not touch. Fix its encoding in another editor; the problems list says where.");
    if (crlf > 0 && crlf != newlines)
        notes << tr("This file mixes CRLF and LF line ends; a save writes %1 throughout.")
                     .arg(m_lineEnd == "\r\n" ? QStringLiteral("CRLF") : QStringLiteral("LF"));
    if (fileBytes.size() > kHighlightLimit)
        notes << tr("Syntax colouring is off for files over %1 MiB.").arg(kHighlightLimit / (1024 * 1024));
    m_sourceNote->setText(notes.join(u' '));
    m_sourceNote->setVisible(!notes.isEmpty());

    delete m_highlighter;
    m_highlighter = nullptr;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    m_source->setPlainText(text);
    m_source->setReadOnly(m_readOnly);
    m_form->setEnabled(!m_readOnly);
    if (fileBytes.size() <= kHighlightLimit)
        m_highlighter = new JsonHighlighter(m_source->document());
    m_source->document()->setModified(false);
    m_debounce.stop();
    // The original bytes, not the decoded text, are what the first analysis must see.
    m_job->start(m_readOnly ? fileBytes : bytes());
}

QByteArray ConfigWorkbench::bytes() const
{
    QByteArray out = m_source->toPlainText().toUtf8();
    if (m_lineEnd == "\r\n")
        out.replace("\n", "\r\n");
    return out;
}

bool ConfigWorkbench::isModified() const
{
    return m_source->document()->isModified();
}

QString ConfigWorkbench::saveTo(const QString &path)
{
    if (m_readOnly)
        return tr("%1 is not valid UTF-8 and is shown read-only; nothing was saved").arg(path);
    if (const QString error = writeFileAtomically(path, bytes()); !error.isEmpty())
        return error;
    m_filePath = path;
    m_source->document()->setModified(false);
    return QString();
}

std::shared_ptr<const ConfigAnalysis> ConfigWorkbench::currentAnalysis()
{
    const QByteArray now = m_readOnly && m_analysis ? m_analyzedBytes : bytes();
    if (!m_analysis || now != m_analyzedBytes) {
        m_debounce.stop();
        showAnalysis(std::make_shared<const ConfigAnalysis>(analyzeConfig(now)), now);
    }
    return m_analysis;
}

void ConfigWorkbench::applyFormEdit(const QString &relativePointer, const std::optional<QByteArray> &json)
{
    const auto analysis = currentAnalysis();
    if (!analysis->json.isValid()) {
        emit statusMessage(tr("The JSON has a syntax error; fix it in the source before editing in the form."));
        showAnalysis(analysis, m_analyzedBytes); // put the form back to what the file says
        return;
    }
    const QString pointer = analysis->resolvePointer(relativePointer);
    if (!json && analysis->json.find(pointer) < 0)
        return; // removing what is not there
    const EditResult result = json ? setValueEdit(analysis->json, pointer, *json) : removeValueEdit(analysis->json, pointer);
    if (!result.edit) {
        emit statusMessage(tr("Cannot edit %1: %2").arg(pointer, result.error));
        return;
    }
    applyTextEdit(m_analyzedBytes, *result.edit);
}

int ConfigWorkbench::editorPosition(const QByteArray &bytes, qsizetype offset) const
{
    const QByteArray prefix = bytes.left(offset);
    const qsizetype position = QString::fromUtf8(prefix).size();
    return int(m_lineEnd == "\r\n" ? position - prefix.count("\r\n") : position);
}

void ConfigWorkbench::applyTextEdit(const QByteArray &source, const TextEdit &edit)
{
    QTextCursor cursor(m_source->document());
    cursor.setPosition(editorPosition(source, edit.offset));
    cursor.setPosition(editorPosition(source, edit.offset + edit.length), QTextCursor::KeepAnchor);
    cursor.insertText(QString::fromUtf8(edit.text).replace(QStringLiteral("\r\n"), QStringLiteral("\n")));
    // Validate at once: the form should show the result of its own edit without waiting for the debounce.
    m_debounce.stop();
    m_job->start(bytes());
}

void ConfigWorkbench::showAnalysis(std::shared_ptr<const ConfigAnalysis> analysis, const QByteArray &analyzed)
{
    if (!m_readOnly && analyzed != bytes())
        return; // the text moved on; a newer analysis is on its way
    m_analysis = std::move(analysis);
    m_analyzedBytes = analyzed;
    m_problems->setDiagnostics(m_analysis->diagnostics);
    m_form->showAnalysis(*m_analysis);
    underlineProblems(analyzed);
    emit analysisUpdated();
}

void ConfigWorkbench::underlineProblems(const QByteArray &analyzed)
{
    QList<QTextEdit::ExtraSelection> selections;
    const QString text = m_source->toPlainText();
    for (const Diagnostic &d : m_analysis->diagnostics) {
        QTextEdit::ExtraSelection selection;
        selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        selection.format.setUnderlineColor(d.isError() ? QColor(0xd3, 0x2f, 0x2f) : QColor(0xf9, 0xa8, 0x25));
        selection.format.setToolTip(QStringLiteral("[%1] %2").arg(d.rule, d.message));
        const int start = m_readOnly ? 0 : editorPosition(analyzed, d.offset);
        // Underline the token that starts there: a quoted string, or up to the next delimiter.
        int end = start + 1;
        if (start < text.size() && text[start] == u'"') {
            while (end < text.size() && text[end] != u'"' && text[end] != u'\n')
                end += text[end] == u'\\' ? 2 : 1;
            end = std::min<int>(end + 1, int(text.size()));
        } else {
            while (end < text.size() && !QStringLiteral(",}]\n").contains(text[end]))
                ++end;
        }
        selection.cursor = QTextCursor(m_source->document());
        selection.cursor.setPosition(std::min<int>(start, int(text.size())));
        selection.cursor.setPosition(std::min<int>(end, int(text.size())), QTextCursor::KeepAnchor);
        selections.append(selection);
    }
    m_source->setExtraSelections(selections);
}

void ConfigWorkbench::goToDiagnostic(const Diagnostic &d)
{
    const QTextBlock block = m_source->document()->findBlockByNumber(d.line - 1);
    if (block.isValid()) {
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + std::min(d.column - 1, block.length() - 1));
        m_source->setTextCursor(cursor);
        m_source->centerCursor();
    }
    const QString prefix = m_analysis ? m_analysis->module.pointer + u'/' : QString();
    if (!m_analysis || !d.pointer.startsWith(prefix) || !m_form->focusField(d.pointer.mid(prefix.size())))
        m_source->setFocus(Qt::OtherFocusReason);
}

} // namespace ocw
