// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/opencensusconfig.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QMenu;
class QStackedWidget;
class QTabWidget;

namespace Ui {
class WelcomePage;
}

namespace ocw {

class AgentPage;
class ConfigWorkbench;
class ProfilePage;
class RunPage;

// The application window: menus, recent files, drag and drop, and the workbench pages. Until a config is
// opened, started or the demo runs, the Config page says what to do (the welcome page).
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens `path` after asking about unsaved changes; false when the user cancelled or it failed.
    bool openFile(const QString &path);
    ConfigWorkbench *workbench() const { return m_workbench; }
    ProfilePage *profilePage() const { return m_profilePage; }
    RunPage *runPage() const { return m_runPage; }
    AgentPage *agentPage() const { return m_agentPage; }
    // The demo: the bundled example config (unless a file is open), the KrakenD preset to the embedded
    // agent with its faults on a cycle, on the Run page.
    void startDemo();
    // Whether the Config page shows the welcome page rather than the workbench.
    bool showsWelcome() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    bool confirmDiscard();
    bool save();
    bool saveAs();
    void exportSnippet(ModuleNamespace ns, bool toClipboard);
    void updateRecentMenu(const QStringList &files);
    void updateTitle();
    void updateStatus();
    void showAbout();
    void showWorkbench();
    void showHelp(const QString &title, const QString &markdown, const QString &objectName);
    void showShortcuts();
    void settingsNotSaved(const QString &error);

    ConfigWorkbench *m_workbench = nullptr;
    ProfilePage *m_profilePage = nullptr;
    RunPage *m_runPage = nullptr;
    AgentPage *m_agentPage = nullptr;
    QTabWidget *m_pages = nullptr;
    QStackedWidget *m_configStack = nullptr; // the welcome page, then the workbench
    QWidget *m_welcomePage = nullptr;
    std::unique_ptr<Ui::WelcomePage> m_welcome;
    QLabel *m_runSummary = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_problemCount = nullptr;
    // What waits for the run that is stopping.
    enum class AfterRun { Nothing, Close, StartDemo };
    AfterRun m_afterRun = AfterRun::Nothing;
    bool m_settingsFailureShown = false; // once a session in a dialog; later ones in the status bar
};

} // namespace ocw
