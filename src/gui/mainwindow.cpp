// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "ui_welcomepage.h"

#include "agentpage.h"
#include "configworkbench.h"
#include "helpdialog.h"
#include "problemsmodel.h"
#include "profilepage.h"
#include "runpage.h"
#include "settings.h"

#include "config/moduleexport.h"
#include "atomicfile.h"
#include "settingsstore.h"
#include "warningbox.h"
#include "run/runconfig.h"
#include "version.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QScreen>
#include <QStatusBar>
#include <QTabWidget>

// Resources compiled into the static ocw_gui library must be registered by name, outside any namespace.
static void initGuiResources()
{
    Q_INIT_RESOURCE(ocworkbench);
}

namespace ocw {

namespace {
const QString kJsonFilter = QStringLiteral("KrakenD config (*.json);;All files (*)");

// A document compiled into the program (the docs/ Markdown files).
QString resourceText(const QString &resource)
{
    QFile file(resource);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll())
                                          : MainWindow::tr("The document %1 is missing from this build.").arg(resource);
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_workbench(new ConfigWorkbench(this)), m_welcome(std::make_unique<Ui::WelcomePage>())
{
    initGuiResources();
    setObjectName(QStringLiteral("mainWindow"));
    m_profilePage = new ProfilePage(this);
    m_runPage = new RunPage(m_workbench, m_profilePage, this);
    m_agentPage = new AgentPage(this);
    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    m_welcomePage = new QWidget(this);
    m_welcome->setupUi(m_welcomePage);
    m_configStack = new QStackedWidget(this);
    m_configStack->addWidget(m_welcomePage);
    m_configStack->addWidget(m_workbench);
    m_pages->addTab(m_configStack, tr("&Config"));
    m_pages->addTab(m_profilePage, tr("&Load profile"));
    m_pages->addTab(m_runPage, tr("&Run"));
    m_pages->addTab(m_agentPage, tr("&Agent"));
    setCentralWidget(m_pages);
    setAcceptDrops(true);
    setWindowIcon(QIcon(QStringLiteral(":/icons/ocworkbench.svg")));
    m_runSummary = new QLabel(this);
    m_runSummary->setObjectName(QStringLiteral("runSummary"));
    m_problemCount = new QLabel(this);
    m_problemCount->setObjectName(QStringLiteral("problemCount"));
    statusBar()->addPermanentWidget(m_runSummary);
    statusBar()->addPermanentWidget(m_problemCount);
    createMenus();

    connect(m_workbench, &ConfigWorkbench::modificationChanged, this, &MainWindow::updateTitle);
    connect(m_workbench, &ConfigWorkbench::analysisUpdated, this, &MainWindow::updateStatus);
    connect(m_profilePage, &ProfilePage::problemsChanged, this, &MainWindow::updateStatus);
    connect(m_pages, &QTabWidget::currentChanged, this, &MainWindow::updateStatus);
    connect(m_welcome->openConfigButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open krakend.json"), Settings::lastDirectory(), kJsonFilter);
        if (!path.isEmpty())
            openFile(path);
    });
    connect(m_welcome->demoButton, &QPushButton::clicked, this, &MainWindow::startDemo);
    connect(m_welcome->newConfigButton, &QPushButton::clicked, this, &MainWindow::showWorkbench);
    connect(m_runPage, &RunPage::summaryChanged, m_runSummary, &QLabel::setText);
    connect(m_runPage, &RunPage::sessionStarted, m_agentPage, &AgentPage::setSession);
    connect(m_agentPage, &AgentPage::demoRequested, this, &MainWindow::startDemo);
    connect(m_runPage, &RunPage::runningChanged, this, [this](bool running) {
        if (running)
            return;
        // Queued: the run page finishes its own handling of the end first.
        const AfterRun next = std::exchange(m_afterRun, AfterRun::Nothing);
        if (next == AfterRun::Close)
            QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
        else if (next == AfterRun::StartDemo)
            QMetaObject::invokeMethod(this, &MainWindow::startDemo, Qt::QueuedConnection);
    });
    connect(m_workbench, &ConfigWorkbench::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });

    // The first size: roomy, but never larger than the screen's free area (a 1024x700 laptop panel included).
    const QSize available = screen()->availableGeometry().size();
    resize(QSize(1280, 820).boundedTo(available));
    connect(&SettingsStore::instance(), &SettingsStore::writeFailed, this, &MainWindow::settingsNotSaved);
    restoreGeometry(Settings::windowGeometry());
    restoreState(Settings::windowState());
    m_pages->setCurrentIndex(Settings::currentPage());
    m_workbench->newDocument();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newAction = file->addAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New"), this, [this] {
        if (confirmDiscard())
            m_workbench->newDocument();
        showWorkbench();
        updateTitle();
    });
    newAction->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open krakend.json"), Settings::lastDirectory(), kJsonFilter);
        if (!path.isEmpty())
            openFile(path);
    });
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    updateRecentMenu(Settings::recentFiles());
    file->addSeparator();
    QAction *saveAction = file->addAction(QIcon::fromTheme(QStringLiteral("document-save")), tr("&Save"), this, &MainWindow::save);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setObjectName(QStringLiteral("saveAction"));
    QAction *saveAsAction = file->addAction(tr("Save &As…"), this, &MainWindow::saveAs);
    saveAsAction->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    QMenu *exportMenu = file->addMenu(tr("&Export Module"));
    exportMenu->addAction(tr("To File as KrakenD 2.x (telemetry/opencensus)…"), this,
                          [this] { exportSnippet(ModuleNamespace::V2, false); });
    exportMenu->addAction(tr("To File as KrakenD 1.x (github_com/devopsfaith/…)…"), this,
                          [this] { exportSnippet(ModuleNamespace::V1, false); });
    exportMenu->addAction(tr("Copy as KrakenD 2.x"), this, [this] { exportSnippet(ModuleNamespace::V2, true); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    exportMenu->addAction(tr("Copy as KrakenD 1.x"), this, [this] { exportSnippet(ModuleNamespace::V1, true); });
    file->addSeparator();
    file->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this, &QWidget::close)
        ->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QPlainTextEdit *source = m_workbench->sourceEditor();
    QAction *undo = edit->addAction(QIcon::fromTheme(QStringLiteral("edit-undo")), tr("&Undo"), source, &QPlainTextEdit::undo);
    undo->setShortcut(QKeySequence::Undo);
    undo->setEnabled(false);
    connect(source, &QPlainTextEdit::undoAvailable, undo, &QAction::setEnabled);
    QAction *redo = edit->addAction(QIcon::fromTheme(QStringLiteral("edit-redo")), tr("&Redo"), source, &QPlainTextEdit::redo);
    redo->setShortcut(QKeySequence::Redo);
    redo->setEnabled(false);
    connect(source, &QPlainTextEdit::redoAvailable, redo, &QAction::setEnabled);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_pages->count(); ++i) {
        QAction *page = view->addAction(m_pages->tabText(i).remove(u'&'), this, [this, i] { m_pages->setCurrentIndex(i); });
        page->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu *run = menuBar()->addMenu(tr("R&un"));
    run->addAction(m_runPage->startAction());
    run->addAction(m_runPage->pauseAction());
    run->addAction(m_runPage->stopAction());
    run->addAction(m_runPage->stopNowAction());
    run->addSeparator();
    run->addAction(tr("Start the &Demo"), this, &MainWindow::startDemo)
        ->setToolTip(tr("The KrakenD gateway preset to the embedded agent, with the agent's faults on a cycle"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *rules = help->addAction(tr("Config &Rules (OCW…)"), this, [this] {
        showHelp(tr("Config rules"), resourceText(QStringLiteral(":/docs/rules.md")), QStringLiteral("rulesHelp"));
    });
    rules->setObjectName(QStringLiteral("helpRulesAction"));
    rules->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("Load &Profile Format"), this, [this] {
            showHelp(tr("Load profile format"), resourceText(QStringLiteral(":/docs/profiles.md")), QStringLiteral("profilesHelp"));
        })
        ->setObjectName(QStringLiteral("helpProfilesAction"));
    help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts)
        ->setObjectName(QStringLiteral("helpShortcutsAction"));
    help->addSeparator();
    help->addAction(tr("&About OC Workbench"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

bool MainWindow::openFile(const QString &path)
{
    if (!confirmDiscard())
        return false;
    if (const QString error = m_workbench->openFile(path); !error.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot open"), error);
        return false;
    }
    Settings::setLastDirectory(QFileInfo(path).absolutePath());
    updateRecentMenu(Settings::addRecentFile(path));
    showWorkbench();
    updateTitle();
    statusBar()->showMessage(tr("Opened %1").arg(path), 5000);
    return true;
}

void MainWindow::startDemo()
{
    if (m_runPage->isRunning()) {
        // The run that goes drains first; the demo starts when it has finished.
        m_afterRun = AfterRun::StartDemo;
        m_runPage->stop();
        return;
    }
    if (m_workbench->filePath().isEmpty() && !m_workbench->isModified())
        m_workbench->newDocument(demoConfig());
    showWorkbench();
    m_runPage->chooseDemo();
    m_pages->setCurrentWidget(m_runPage);
    if (const QString error = m_runPage->start(); !error.isEmpty())
        statusBar()->showMessage(tr("The demo did not start: %1").arg(error));
}

bool MainWindow::confirmDiscard()
{
    if (!m_workbench->isModified())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"),
        tr("%1 has unsaved changes. Save them first?")
            .arg(m_workbench->filePath().isEmpty() ? tr("The new config") : QFileInfo(m_workbench->filePath()).fileName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::save()
{
    if (m_workbench->filePath().isEmpty())
        return saveAs();
    if (const QString error = m_workbench->saveTo(m_workbench->filePath()); !error.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot save"), error);
        return false;
    }
    const auto analysis = m_workbench->currentAnalysis();
    statusBar()->showMessage(analysis->hasErrors() ? tr("Saved %1 — it still has errors; KrakenD will not use the "
                                                        "module as you meant it").arg(m_workbench->filePath())
                                                   : tr("Saved %1").arg(m_workbench->filePath()),
                             8000);
    return true;
}

bool MainWindow::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save krakend.json"),
                                                      m_workbench->filePath().isEmpty() ? Settings::lastDirectory()
                                                                                         : m_workbench->filePath(),
                                                      kJsonFilter);
    if (path.isEmpty())
        return false;
    if (const QString error = m_workbench->saveTo(path); !error.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot save"), error);
        return false;
    }
    updateRecentMenu(Settings::addRecentFile(path));
    updateTitle();
    return true;
}

void MainWindow::exportSnippet(ModuleNamespace ns, bool toClipboard)
{
    const auto analysis = m_workbench->currentAnalysis();
    if (!analysis->moduleFound() || analysis->hasErrors()) {
        QMessageBox::information(this, tr("Nothing exported"),
                                 tr("The module has errors; fix them first (see the problems list)."));
        return;
    }
    const QByteArray snippet = exportModuleSnippet(*analysis, ns);
    if (toClipboard) {
        QGuiApplication::clipboard()->setText(QString::fromUtf8(snippet));
        statusBar()->showMessage(tr("Module copied as a %1 snippet").arg(namespaceKey(ns)), 5000);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export module"), Settings::lastDirectory(), kJsonFilter);
    if (path.isEmpty())
        return;
    if (const QString error = writeFileAtomically(path, snippet); !error.isEmpty())
        QMessageBox::warning(this, tr("Cannot export"), error);
    else
        statusBar()->showMessage(tr("Exported to %1").arg(path), 5000);
}

void MainWindow::updateRecentMenu(const QStringList &files)
{
    m_recentMenu->clear();
    for (const QString &path : files)
        m_recentMenu->addAction(QFileInfo(path).fileName() + QStringLiteral("  —  ") + QFileInfo(path).absolutePath(),
                                this, [this, path] { openFile(path); });
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::updateTitle()
{
    const QString name = m_workbench->filePath().isEmpty() ? tr("untitled.json") : QFileInfo(m_workbench->filePath()).fileName();
    setWindowTitle(name + QStringLiteral("[*] — OC Workbench"));
    setWindowModified(m_workbench->isModified());
}

void MainWindow::updateStatus()
{
    // QString, not auto: a string builder would outlive the temporaries it refers to.
    const auto count = [this](const QString &what, const Diagnostics &all) -> QString {
        const auto errors = std::count_if(all.begin(), all.end(), [](const Diagnostic &d) { return d.isError(); });
        const auto warnings = all.size() - errors;
        const QString errorText = errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors);
        const QString warningText = warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings);
        return what + QStringLiteral(": ")
             + (errors + warnings == 0 ? tr("no problems") : errorText + QStringLiteral(", ") + warningText);
    };
    // The page in front says its own problems; the Run and Agent pages use both documents.
    const QString config = m_workbench->analysis() ? count(tr("Config"), m_workbench->analysis()->diagnostics) : QString();
    const QString profile = count(tr("Load profile"), m_profilePage->problemsModel()->diagnostics());
    QWidget *page = m_pages->currentWidget();
    m_problemCount->setText(page == m_configStack   ? (showsWelcome() ? QString() : config)
                            : page == m_profilePage ? profile
                                                    : QString(config + QStringLiteral(" · ") + profile));
}

bool MainWindow::showsWelcome() const
{
    return m_configStack->currentWidget() == m_welcomePage;
}

void MainWindow::showWorkbench()
{
    m_configStack->setCurrentWidget(m_workbench);
    updateStatus();
}

void MainWindow::showHelp(const QString &title, const QString &markdown, const QString &objectName)
{
    if (auto *open = findChild<HelpDialog *>(objectName)) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new HelpDialog(title, markdown, this);
    dialog->setObjectName(objectName);
    dialog->show();
}

void MainWindow::showShortcuts()
{
    // Listed from the menus themselves, so the list cannot drift from what the keys do.
    QString table = tr("| Keys | Action |\n| --- | --- |\n");
    const auto addRow = [&table](const QKeySequence &keys, const QString &what) {
        table += QStringLiteral("| %1 | %2 |\n").arg(keys.toString(QKeySequence::NativeText), what);
    };
    for (QAction *menu : menuBar()->actions()) {
        const QString menuName = menu->text().remove(u'&');
        for (QAction *action : menu->menu()->actions()) {
            if (!action->shortcut().isEmpty())
                addRow(action->shortcut(), menuName + QStringLiteral(" › ") + action->text().remove(u'&'));
            if (action->menu()) {
                for (QAction *inner : action->menu()->actions()) {
                    if (!inner->shortcut().isEmpty())
                        addRow(inner->shortcut(), menuName + QStringLiteral(" › ") + inner->text().remove(u'&'));
                }
            }
        }
    }
    addRow(m_workbench->quickFixAction()->shortcut(), tr("Config page › Apply the quick fix of the problem at hand"));
    showHelp(tr("Keyboard shortcuts"), table, QStringLiteral("shortcutsHelp"));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About OC Workbench"),
                       tr("<h3>OC Workbench %1</h3><p>A workbench for KrakenD's OpenCensus module and its ocagent "
                          "exporter: config, load, exporter and agent.</p><p>%2</p><p>Licensed under the Apache "
                          "License 2.0.</p>")
                           .arg(applicationVersion(), versionReport().toHtmlEscaped()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_afterRun != AfterRun::Close && !confirmDiscard()) {
        event->ignore();
        return;
    }
    if (m_runPage->isRunning()) {
        // The run drains first (within its deadline) and keeps its report; then the window closes. Closing
        // again meanwhile stops at once.
        m_afterRun = AfterRun::Close;
        m_runPage->stop();
        statusBar()->showMessage(tr("Stopping the run: the window closes once the agent has confirmed what was sent "
                                    "(close again to stop at once)"));
        event->ignore();
        return;
    }
    Settings::setWindowGeometry(saveGeometry());
    Settings::setWindowState(saveState());
    Settings::setCurrentPage(m_pages->currentIndex());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    openFile(event->mimeData()->urls().first().toLocalFile());
    event->acceptProposedAction();
}

void MainWindow::settingsNotSaved(const QString &error)
{
    statusBar()->showMessage(tr("Settings not saved: %1").arg(error), 10000);
    if (std::exchange(m_settingsFailureShown, true))
        return;
    // Not modal: it may come while the window closes, or from a choice made in the middle of something else.
    openWarning(this, tr("Settings not saved"),
                tr("What the workbench remembers between sessions (recent files, window layout, the choices on each "
                   "page) could not be saved; the previous settings are kept.\n\n%1")
                    .arg(error),
                QStringLiteral("settingsNotSaved"));
}

} // namespace ocw
