// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QTableView;
class QTreeView;
class QTreeWidget;

namespace ocw {

class AgentHost;
class AgentListenBar;
class EmbeddedAgent;
class RecentMetricsModel;
class RecentTracesModel;
class RunSession;
class TraceTreeModel;

// What an agent received: the agent on its own, listening where the user said (a real KrakenD pointed at
// the workbench), or else the embedded agent of the current (or last) run. Streams and nodes, counts, the
// checks that failed, the quirks of real senders it saw, the recent traces (one opens as a waterfall), the
// metrics by type and the recent metrics. Refreshed once a second while shown, so violations and quirks
// show as they come; the agent's recorder hands out copies, so nothing here waits on the network.
class AgentPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentPage)

public:
    explicit AgentPage(QWidget *parent = nullptr);
    ~AgentPage() override;

    // Follows `session`'s agent (none: the run sends elsewhere) while the agent on its own does not listen.
    void setSession(RunSession *session);
    void refresh();
    AgentHost *host() const { return m_host; }
    AgentListenBar *listenBar() const { return m_listenBar; }

    RecentTracesModel *tracesModel() const { return m_traces; }
    TraceTreeModel *traceModel() const { return m_trace; }
    RecentMetricsModel *metricsModel() const { return m_metrics; }
    QTableView *tracesView() const { return m_tracesView; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void openTrace(int row);
    // The agent the page shows, and how the headline names it.
    EmbeddedAgent *shownAgent(QString *headline) const;

    QPointer<RunSession> m_session;
    AgentHost *m_host = nullptr;
    AgentListenBar *m_listenBar = nullptr;
    QTimer m_refresh;
    QLabel *m_headline = nullptr;
    QLabel *m_counts = nullptr;
    QTreeWidget *m_nodes = nullptr;
    QTreeWidget *m_violations = nullptr;
    QTreeWidget *m_quirks = nullptr;
    QTreeWidget *m_metricTypes = nullptr;
    RecentTracesModel *m_traces = nullptr;
    TraceTreeModel *m_trace = nullptr;
    RecentMetricsModel *m_metrics = nullptr;
    QTableView *m_tracesView = nullptr;
    QTreeView *m_traceView = nullptr;
    QTableView *m_metricsView = nullptr;
    QByteArray m_openTraceId;
};

} // namespace ocw
