// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "run/runhistory.h"
#include "run/runsession.h"

#include <QJsonObject>
#include <QFuture>
#include <QFutureWatcher>
#include <QWidget>

#include <functional>
#include <memory>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;
class QTreeWidget;

namespace ocw {

class ConfigWorkbench;
class ProfilePage;
class RunCharts;

// The run page: what to send where (the embedded agent or the config's address, a preset or the
// profile page's profile, seed, queue, TLS files, the agent's fault cycle), start / pause / stop, the
// connection's state and timeline, and the live charts, drawn from a RunHistory once per tick. The
// session's threads do the work; this page only turns snapshots into pixels.
class RunPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunPage)

public:
    RunPage(ConfigWorkbench *config, ProfilePage *profiles, QWidget *parent = nullptr);
    ~RunPage() override;

    // Starts a run with the page's choices; returns why not (also shown on the page), or an empty string.
    QString start();
    void stop();
    void setPaused(bool paused);
    bool isRunning() const { return m_session && m_session->isRunning(); }
    // The demo's choices: the embedded agent, a preset, the fault cycle.
    void chooseDemo();

    QAction *startAction() const { return m_start; }
    QAction *pauseAction() const { return m_pause; }
    QAction *stopAction() const { return m_stop; }
    RunSession *session() const { return m_session.get(); }
    const RunHistory &history() const { return m_history; }
    RunCharts *charts() const { return m_charts; }
    QJsonObject lastReport() const { return m_lastReport; }
    // Whether the last report is on disk for the next session (it is written off the UI thread), and where.
    bool lastReportSaved() const { return m_lastReportWrite.isFinished(); }
    static QString lastReportPath();
    // A counter's text as shown: "spans", "received", "points", "bytes", "ratio", "reconnections", ...
    QString counter(const QString &key) const;
    // Written by the export actions; public so that the tests and the demo can save without a dialog.
    QString saveChartsPng(const QString &path) const;
    QString saveSeriesCsv(const QString &path) const;
    QString saveReportJson(const QString &path) const;

signals:
    // One line for the status bar, as the run goes.
    void summaryChanged(const QString &summary);
    void runningChanged(bool running);
    // A session started: the agent page follows its agent.
    void sessionStarted(ocw::RunSession *session);

private:
    QWidget *createChoices();
    QWidget *createControls();
    QWidget *createCharts();
    void onTick(const RunSnapshot &run, const AgentSnapshot &agent);
    void onFinished();
    // The last run's report, also kept in the application's data folder for the next session.
    static QJsonObject readLastReport();
    void onLastReportWritten();
    void showLastReport(const QJsonObject &report);
    void showCounters(const RunSnapshot &run, const AgentSnapshot &agent);
    void setCounter(const QString &key, const QString &text);
    void updateControls();
    void saveChoices() const;
    void exportWith(const QString &title, const QString &filter, const QString &suffix,
                    const std::function<QString(const QString &)> &save);

    ConfigWorkbench *m_config;
    ProfilePage *m_profiles;
    std::unique_ptr<RunSession> m_session;
    RunHistory m_history;
    QJsonObject m_lastReport;
    QFuture<QString> m_lastReportWrite; // the error, or empty
    QFutureWatcher<QString> m_lastReportWatcher;

    QComboBox *m_target = nullptr;
    QComboBox *m_load = nullptr;
    QSpinBox *m_seed = nullptr;
    QSpinBox *m_queueItems = nullptr;
    QSpinBox *m_queueMiB = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_certFile = nullptr;
    QLineEdit *m_keyFile = nullptr;
    QCheckBox *m_faultCycle = nullptr;
    QComboBox *m_fidelity = nullptr;
    QWidget *m_choices = nullptr;
    QAction *m_start = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_freeze = nullptr;
    QAction *m_follow = nullptr;
    QComboBox *m_window = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_message = nullptr;
    RunCharts *m_charts = nullptr;
    QTreeWidget *m_counters = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_reportView = nullptr;
};

} // namespace ocw
