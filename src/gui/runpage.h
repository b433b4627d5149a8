// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "run/runhistory.h"
#include "run/runsession.h"
#include "run/thresholds.h"

#include <QDateTime>
#include <QFuture>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

#include <functional>
#include <memory>

class QAction;
class QTreeWidget;

namespace Ui {
class RunPage;
}

namespace ocw {

class ConfigWorkbench;
class ProfilePage;
class RunCharts;

// The run page: what to send where (the embedded agent, the config's address or any address typed, a preset
// or the profile page's profile, seed, queue, TLS files, the agent's fault cycle), start / pause / stop (and
// drain, or now), the connection's state with a banner that quotes gRPC's error while disconnected, the live
// charts drawn from a RunHistory once per tick, and the last run's summary with the user's thresholds. The
// static layout is ui/runpage.ui; the charts and counters are made here. The session's threads do the work;
// this page only turns snapshots into pixels.
class RunPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunPage)

public:
    RunPage(ConfigWorkbench *config, ProfilePage *profiles, QWidget *parent = nullptr);
    ~RunPage() override;

    // Starts a run with the page's choices; returns why not (also shown on the page), or an empty string.
    QString start();
    // Stops after sending what is queued (within the drain timeout); asked again while draining, stops now.
    void stop();
    // Stops at once: what the agent has not confirmed is counted as cancelled at stop.
    void stopNow();
    void setPaused(bool paused);
    bool isRunning() const { return m_session && m_session->isRunning(); }
    // The demo's choices: the embedded agent, a preset, the fault cycle.
    void chooseDemo();

    QAction *startAction() const { return m_start; }
    QAction *pauseAction() const { return m_pause; }
    QAction *stopAction() const { return m_stop; }
    QAction *stopNowAction() const { return m_stopNow; }
    RunSession *session() const { return m_session.get(); }
    const RunHistory &history() const { return m_history; }
    RunCharts *charts() const { return m_charts; }
    QJsonObject lastReport() const { return m_lastReport; }
    // The user's thresholds against the last report, as the CLI's report holds them: {"expr", "value", "passed"}.
    QJsonArray thresholdResults() const { return m_thresholdResults; }
    // Whether the last report is on disk for the next session (it is written off the UI thread), and where.
    bool lastReportSaved() const { return m_lastReportWrite.isFinished(); }
    static QString lastReportPath();
    // A counter's text as shown: "spans", "received", "points", "bytes", "ratio", "reconnections", ...
    QString counter(const QString &key) const;
    // Written by the export actions; public so that the tests and the demo can save without a dialog.
    QString saveChartsPng(const QString &path) const;
    QString saveSeriesCsv(const QString &path) const;
    QString saveReportJson(const QString &path) const;
    // What the export dialogs propose: "ocworkbench-run-20261201-213000.csv", the time being `when`.
    static QString defaultExportName(const QString &suffix, const QDateTime &when);
    // The lines drawn above the charts in a PNG: title, time range, target.
    QStringList chartsHeading() const;

signals:
    // One line for the status bar, as the run goes.
    void summaryChanged(const QString &summary);
    void runningChanged(bool running);
    // A session started: the agent page follows its agent.
    void sessionStarted(ocw::RunSession *session);

private:
    void setUpChoices();
    void setUpControls();
    void setUpCharts();
    void setUpReport();
    // The address typed in "Send to", checked as the CLI's --address; sets `error` when it is not one.
    QString typedAddress(QString &error) const;
    void rememberAddress(const QString &address);
    void onTick(const RunSnapshot &run, const AgentSnapshot &agent);
    void onFinished();
    // The last run's report, also kept in the application's data folder for the next session.
    static QJsonObject readLastReport();
    void onLastReportWritten();
    void showLastReport(const QJsonObject &report);
    void onThresholdsEdited();
    void showCounters(const RunSnapshot &run, const AgentSnapshot &agent);
    void showConnectionBanner(const ExporterSnapshot &exporter);
    void setBannerShown(bool shown);
    void setCounter(const QString &key, const QString &text);
    void setMessage(const QString &text, bool error = false);
    void updateControls();
    void saveChoices() const;
    void exportWith(const QString &title, const QString &filter, const QString &suffix,
                    const std::function<QString(const QString &)> &save);

    std::unique_ptr<Ui::RunPage> m_ui;
    ConfigWorkbench *m_config;
    ProfilePage *m_profiles;
    std::unique_ptr<RunSession> m_session;
    RunHistory m_history;
    QJsonObject m_lastReport;
    QJsonArray m_thresholdResults;
    std::vector<Threshold> m_thresholds;
    QFuture<QString> m_lastReportWrite; // the error, or empty
    QFutureWatcher<QString> m_lastReportWatcher;
    QString m_runTitle;   // what the current or last run sends, for the PNG's heading
    QDateTime m_runStart; // when it started

    QAction *m_start = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_stopNow = nullptr;
    QAction *m_freeze = nullptr;
    QAction *m_follow = nullptr;
    RunCharts *m_charts = nullptr;
    QTreeWidget *m_counters = nullptr;
};

} // namespace ocw
