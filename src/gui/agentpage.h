// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>

class QTableView;
class QTreeView;

namespace Ui {
class AgentPage;
}

namespace ocw {

class AgentHost;
class AgentListenBar;
class EmbeddedAgent;
struct KeptTrace;
class RecentMetricsModel;
class RecentTracesModel;
class RunSession;
class SpanDetailsView;
class TraceFilterModel;
class TraceTreeModel;

// What an agent received: the agent on its own, listening where the user said (a real KrakenD pointed at
// the workbench), or else the embedded agent of the current (or last) run. Streams and nodes, counts, the
// checks that failed, the quirks of real senders it saw; a trace inspector (the newest, slowest and erroring
// traces, sorted and filtered; one opens as a waterfall on a time ruler, a span of it in detail); the metrics
// by type and the recent metrics. Refreshed once a second while shown; the agent's recorder hands out copies,
// so nothing here waits on the network. The static layout is ui/agentpage.ui.
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
    TraceFilterModel *tracesFilter() const { return m_filter; }
    TraceTreeModel *traceModel() const { return m_trace; }
    RecentMetricsModel *metricsModel() const { return m_metrics; }
    QTableView *tracesView() const;
    QTreeView *waterfallView() const;
    SpanDetailsView *spanDetails() const;
    // The trace open in the waterfall (hex), or empty.
    QByteArray openTraceId() const { return m_openTraceId; }

Q_SIGNALS:
    // The empty state's "Start the demo".
    void demoRequested();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void setUpTraceViews();
    void setUpFilters();
    void showTraces(const QList<KeptTrace> &traces, EmbeddedAgent *agent);
    void showServices();
    void openTrace(const QModelIndex &proxyIndex);
    void showSpan(const QModelIndex &index);
    // The agent the page shows, and how the headline names it.
    EmbeddedAgent *shownAgent(QString *headline) const;

    std::unique_ptr<Ui::AgentPage> ui;
    QPointer<RunSession> m_session;
    AgentHost *m_host = nullptr;
    AgentListenBar *m_listenBar = nullptr;
    QTimer m_refresh;
    QTimer m_spanFilterDebounce;
    RecentTracesModel *m_traces = nullptr;
    TraceFilterModel *m_filter = nullptr;
    TraceTreeModel *m_trace = nullptr;
    RecentMetricsModel *m_metrics = nullptr;
    QByteArray m_openTraceId;
    std::uint64_t m_openTraceVersion = 0;
    QByteArray m_selectedSpanId;
};

} // namespace ocw
