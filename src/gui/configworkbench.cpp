// SPDX-License-Identifier: Apache-2.0
#include "configworkbench.h"
#include "ui_configworkbench.h"

#include "analysisjob.h"
#include "configform.h"
#include "jsonhighlighter.h"
#include "problemsmodel.h"

#include "atomicfile.h"
#include "config/configfile.h"

#include <QAction>
#include <QFontDatabase>
#include <QHeaderView>
#include <QHelpEvent>
#include <QMenu>
#include <QPlainTextEdit>
#include <QStringDecoder>
#include <QTableView>
#include <QTextBlock>
#include <QToolTip>

namespace ocw {

namespace {

// Colouring a multi-megabyte file would hold the UI for seconds; such files are shown plain.
constexpr qsizetype kHighlightLimit = 2 * 1024 * 1024;
constexpr int kValidateDelayMs = 150;
// Rows grow to show whole messages while the list is short enough for that to stay cheap.
constexpr int kWrappedRowsLimit = 200;

QString problemToolTip(const Diagnostic &d)
{
    QString text = QStringLiteral("<b>[%1]</b> %2").arg(d.rule, d.message.toHtmlEscaped());
    if (d.fix)
        text += QStringLiteral("<br><i>%1</i>").arg(ConfigWorkbench::tr("Quick fix (Ctrl+.): %1").arg(d.fix->title.toHtmlEscaped()));
    return text;
}

} // namespace

ConfigWorkbench::ConfigWorkbench(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ConfigWorkbench>()), m_problems(new ProblemsModel(this)),
      m_job(new AnalysisJob(this))
{
    m_ui->setupUi(this);
    QPlainTextEdit *source = m_ui->sourceEditor;
    source->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    source->setTabStopDistance(4 * source->fontMetrics().horizontalAdvance(u' '));
    source->viewport()->installEventFilter(this);

    QTableView *view = m_ui->problemsView;
    view->setModel(m_problems);
    for (const int column : {ProblemsModel::SeverityColumn, ProblemsModel::RuleColumn, ProblemsModel::LocationColumn})
        view->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    m_quickFix = new QAction(QIcon(QStringLiteral(":/icons/lightbulb.svg")), QString(), this);
    m_quickFix->setObjectName(QStringLiteral("quickFixAction"));
    m_quickFix->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_quickFix->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_quickFix);
    m_ui->quickFixButton->setDefaultAction(m_quickFix);

    m_ui->topSplitter->setStretchFactor(1, 1);
    m_ui->topSplitter->setSizes({480, 800});
    m_ui->verticalSplitter->setStretchFactor(0, 3);
    m_ui->verticalSplitter->setStretchFactor(1, 1);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kValidateDelayMs);
    connect(&m_debounce, &QTimer::timeout, this, [this] { m_job->start(bytes()); });
    connect(source, &QPlainTextEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(source, &QPlainTextEdit::cursorPositionChanged, this, &ConfigWorkbench::updateLightbulb);
    connect(source->document(), &QTextDocument::modificationChanged, this, &ConfigWorkbench::modificationChanged);
    connect(source, &QPlainTextEdit::customContextMenuRequested, this, &ConfigWorkbench::showEditorMenu);
    connect(m_job, &AnalysisJob::finished, this, &ConfigWorkbench::showAnalysis);
    connect(form(), &ConfigForm::valueEdited, this,
            [this](const QString &pointer, const QByteArray &json) { applyFormEdit(pointer, json); });
    connect(form(), &ConfigForm::valueRemoved, this,
            [this](const QString &pointer) { applyFormEdit(pointer, std::nullopt); });
    const auto jump = [this](const QModelIndex &index) {
        goToDiagnostic(index.data(ProblemsModel::DiagnosticRole).value<Diagnostic>());
    };
    connect(view, &QTableView::activated, this, jump);
    connect(view, &QTableView::clicked, this, jump);
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this, &ConfigWorkbench::updateLightbulb);
    connect(view, &QTableView::customContextMenuRequested, this, &ConfigWorkbench::showProblemsMenu);
    connect(m_quickFix, &QAction::triggered, this, [this] {
        if (const auto problem = lightbulbProblem())
            applyQuickFix(*problem);
    });
    updateLightbulb();
}

ConfigWorkbench::~ConfigWorkbench()
{
    // QWidget deletes the children after this object's members are gone: a child dying (the editor losing its
    // cursor, its viewport an event) must not call back into them.
    sourceEditor()->viewport()->removeEventFilter(this);
    disconnect(sourceEditor(), nullptr, this, nullptr);
    disconnect(problemsView()->selectionModel(), nullptr, this, nullptr);
}

QPlainTextEdit *ConfigWorkbench::sourceEditor() const
{
    return m_ui->sourceEditor;
}

ConfigForm *ConfigWorkbench::form() const
{
    return m_ui->form;
}

QTableView *ConfigWorkbench::problemsView() const
{
    return m_ui->problemsView;
}

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
    m_ui->sourceNote->setText(notes.join(u' '));
    m_ui->sourceNote->setVisible(!notes.isEmpty());

    delete m_highlighter;
    m_highlighter = nullptr;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    sourceEditor()->setPlainText(text);
    sourceEditor()->setReadOnly(m_readOnly);
    form()->setEnabled(!m_readOnly);
    if (fileBytes.size() <= kHighlightLimit)
        m_highlighter = new JsonHighlighter(sourceEditor()->document());
    sourceEditor()->document()->setModified(false);
    m_debounce.stop();
    // The original bytes, not the decoded text, are what the first analysis must see.
    m_job->start(m_readOnly ? fileBytes : bytes());
}

QByteArray ConfigWorkbench::bytes() const
{
    QByteArray out = sourceEditor()->toPlainText().toUtf8();
    if (m_lineEnd == "\r\n")
        out.replace("\n", "\r\n");
    return out;
}

bool ConfigWorkbench::isModified() const
{
    return sourceEditor()->document()->isModified();
}

QString ConfigWorkbench::saveTo(const QString &path)
{
    if (m_readOnly)
        return tr("%1 is not valid UTF-8 and is shown read-only; nothing was saved").arg(path);
    if (const QString error = writeFileAtomically(path, bytes()); !error.isEmpty())
        return error;
    m_filePath = path;
    sourceEditor()->document()->setModified(false);
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
    // A field left as it was writes its own value back: no byte changes, so the document must not turn modified.
    if (edit.changesNothing(source))
        return;
    QTextCursor cursor(sourceEditor()->document());
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
    // Rows follow their wrapped message as the list is resized, while that stays cheap.
    problemsView()->verticalHeader()->setSectionResizeMode(m_problems->rowCount() <= kWrappedRowsLimit
                                                               ? QHeaderView::ResizeToContents
                                                               : QHeaderView::Interactive);
    form()->showAnalysis(*m_analysis);
    underlineProblems(analyzed);
    updateLightbulb();
    emit analysisUpdated();
}

void ConfigWorkbench::underlineProblems(const QByteArray &analyzed)
{
    QList<QTextEdit::ExtraSelection> selections;
    m_underlines.clear();
    const QString text = sourceEditor()->toPlainText();
    for (const Diagnostic &d : m_analysis->diagnostics) {
        QTextEdit::ExtraSelection selection;
        selection.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        selection.format.setUnderlineColor(d.isError() ? QColor(0xd3, 0x2f, 0x2f) : QColor(0xf9, 0xa8, 0x25));
        int start = m_readOnly ? 0 : editorPosition(analyzed, d.offset);
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
        start = std::min<int>(start, int(text.size()));
        end = std::min<int>(end, int(text.size()));
        selection.cursor = QTextCursor(sourceEditor()->document());
        selection.cursor.setPosition(start);
        selection.cursor.setPosition(end, QTextCursor::KeepAnchor);
        selections.append(selection);
        m_underlines.append(Underline{start, end, d});
    }
    sourceEditor()->setExtraSelections(selections);
}

void ConfigWorkbench::goToDiagnostic(const Diagnostic &d)
{
    const QTextBlock block = sourceEditor()->document()->findBlockByNumber(d.line - 1);
    if (block.isValid()) {
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + std::min(d.column - 1, block.length() - 1));
        sourceEditor()->setTextCursor(cursor);
        sourceEditor()->centerCursor();
    }
    const QString prefix = m_analysis ? m_analysis->module.pointer + u'/' : QString();
    if (!m_analysis || !d.pointer.startsWith(prefix) || !form()->focusField(d.pointer.mid(prefix.size())))
        sourceEditor()->setFocus(Qt::OtherFocusReason);
}

bool ConfigWorkbench::applyQuickFix(const Diagnostic &d)
{
    if (!d.fix)
        return false;
    // The fix's offsets are those of the text it was found in; a newer text needs a newer analysis.
    if (m_readOnly || !m_analysis || m_analyzedBytes != bytes()
        || !m_analysis->diagnostics.contains(d)) {
        emit statusMessage(tr("The text changed since this problem was found; try again once it is checked."));
        return false;
    }
    applyTextEdit(m_analyzedBytes, d.fix->edit);
    emit statusMessage(tr("Applied: %1").arg(d.fix->title));
    return true;
}

Diagnostics ConfigWorkbench::problemsAt(int position) const
{
    Diagnostics found;
    for (const Underline &u : m_underlines) {
        if (position >= u.start && position < std::max(u.end, u.start + 1))
            found.append(u.diagnostic);
    }
    return found;
}

std::optional<Diagnostic> ConfigWorkbench::lightbulbProblem() const
{
    const QModelIndex selected = problemsView()->currentIndex();
    if (selected.isValid()) {
        const auto d = selected.data(ProblemsModel::DiagnosticRole).value<Diagnostic>();
        if (d.fix)
            return d;
    }
    for (const Diagnostic &d : problemsAt(sourceEditor()->textCursor().position())) {
        if (d.fix)
            return d;
    }
    return std::nullopt;
}

void ConfigWorkbench::updateLightbulb()
{
    const auto problem = lightbulbProblem();
    m_quickFix->setEnabled(problem.has_value());
    m_quickFix->setText(problem ? problem->fix->title : tr("No quick fix here"));
    m_quickFix->setToolTip(problem ? tr("Quick fix for %1 (Ctrl+.): %2").arg(problem->rule, problem->fix->title)
                                   : tr("Select a problem, or put the cursor on an underline, that has a quick fix "
                                        "(a misspelt key, a quoted boolean or number, a missing port)"));
}

void ConfigWorkbench::addQuickFixes(QMenu *menu, const Diagnostics &problems)
{
    QAction *first = menu->actions().value(0);
    for (const Diagnostic &d : problems) {
        if (!d.fix)
            continue;
        auto *fix = new QAction(QIcon(QStringLiteral(":/icons/lightbulb.svg")), d.fix->title, menu);
        fix->setObjectName(QStringLiteral("quickFix"));
        connect(fix, &QAction::triggered, this, [this, d] { applyQuickFix(d); });
        menu->insertAction(first, fix);
    }
    if (first && menu->actions().first() != first)
        menu->insertSeparator(first);
}

void ConfigWorkbench::showProblemsMenu(const QPoint &pos)
{
    const QModelIndex index = problemsView()->indexAt(pos);
    if (!index.isValid())
        return;
    const auto d = index.data(ProblemsModel::DiagnosticRole).value<Diagnostic>();
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("problemMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(tr("Go to the problem"), this, [this, d] { goToDiagnostic(d); });
    if (!d.fix)
        menu->addAction(tr("No quick fix: the message says what to change"))->setEnabled(false);
    addQuickFixes(menu, {d});
    menu->popup(problemsView()->viewport()->mapToGlobal(pos));
}

void ConfigWorkbench::showEditorMenu(const QPoint &pos)
{
    QMenu *menu = sourceEditor()->createStandardContextMenu(pos);
    menu->setObjectName(QStringLiteral("editorMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    addQuickFixes(menu, problemsAt(sourceEditor()->cursorForPosition(pos).position()));
    menu->popup(sourceEditor()->viewport()->mapToGlobal(pos));
}

bool ConfigWorkbench::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == sourceEditor()->viewport() && event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const Diagnostics here = problemsAt(sourceEditor()->cursorForPosition(help->pos()).position());
        QStringList tips;
        for (const Diagnostic &d : here)
            tips << problemToolTip(d);
        if (tips.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tips.join(QStringLiteral("<hr>")), sourceEditor()->viewport());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace ocw
