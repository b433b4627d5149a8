// SPDX-License-Identifier: Apache-2.0
#include "agentpage.h"

#include "agentlistenbar.h"
#include "recentmetricsmodel.h"
#include "recenttracesmodel.h"
#include "tracetreemodel.h"
#include "waterfalldelegate.h"

#include "agent/agenthost.h"
#include "agent/agentrecorder.h"
#include "run/quantityformat.h"
#include "run/runsession.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ocw {

namespace {

QTableView *tableFor(QAbstractItemModel *model, const QString &name)
{
    auto *view = new QTableView;
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    return view;
}

QTreeWidget *countsTree(const QString &name, const QStringList &headers)
{
    auto *tree = new QTreeWidget;
    tree->setObjectName(name);
    tree->setRootIsDecorated(false);
    tree->setHeaderLabels(headers);
    // The counts stay in view however narrow the page: the names give way, elided in the middle.
    tree->setTextElideMode(Qt::ElideMiddle);
    tree->header()->setStretchLastSection(false);
    tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    return tree;
}

// Shows `counts` as rows of name and count, or one row saying `none`. While the names stay the same the rows
// are updated in place, so a row under the mouse keeps its tooltip.
void showCounts(QTreeWidget *tree, const QMap<QString, std::uint64_t> &counts, const QString &none,
                QString (*tooltip)(const QString &) = nullptr)
{
    const QStringList names = counts.isEmpty() ? QStringList{none} : counts.keys();
    bool same = tree->topLevelItemCount() == names.size();
    for (int i = 0; same && i < names.size(); ++i)
        same = tree->topLevelItem(i)->text(0) == names[i];
    if (!same) {
        tree->clear();
        for (const QString &name : names) {
            auto *item = new QTreeWidgetItem(tree, {name});
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
            item->setFirstColumnSpanned(counts.isEmpty());
            if (tooltip)
                item->setToolTip(0, tooltip(name));
        }
    }
    for (int i = 0; i < names.size() && !counts.isEmpty(); ++i)
        tree->topLevelItem(i)->setText(1, formatCount(counts.value(names[i])));
}

QGroupBox *boxed(const QString &title, QWidget *content)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(content);
    return box;
}

// "malformed 2, streams_over_limit 1" (the summary's names), or "none".
QString refusalText(const AgentSnapshot &s)
{
    const QMap<QString, std::uint64_t> counts = s.refusedByName();
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts.append(it.key() + u' ' + formatCount(it.value()));
    return parts.isEmpty() ? AgentPage::tr("none") : parts.join(QStringLiteral(", "));
}

// What the agent's tap did: its forward and its recording, as lines under the counts.
QString tapText(const AgentSnapshot &s)
{
    QString text;
    if (s.forward.enabled) {
        const ForwardSnapshot &f = s.forward;
        text += AgentPage::tr("\nForwarded to %1: %2 spans, %3 points (%4 and %5 confirmed) · dropped %6 spans, %7 points · "
                              "%8 upstream errors")
                    .arg(f.upstream, formatCount(f.spans.forwarded), formatCount(f.points.forwarded), formatCount(f.spans.confirmed),
                         formatCount(f.points.confirmed), formatCount(f.spans.dropped()), formatCount(f.points.dropped()),
                         formatCount(f.upstreamErrors));
        if (!f.lastUpstreamError.isEmpty())
            text += AgentPage::tr(" (last: %1)").arg(f.lastUpstreamError);
    }
    if (s.recording.enabled) {
        const RecordingSnapshot &r = s.recording;
        text += AgentPage::tr("\nRecorded to %1: %2 requests, %3 · not recorded: %4 requests")
                    .arg(r.file, formatCount(r.requests), formatMegabytes(r.bytes),
                         formatCount(r.requestsQueueFull + r.requestsAfterError));
        if (!r.error.isEmpty())
            text += AgentPage::tr(" (%1)").arg(r.error);
    }
    return text;
}

} // namespace

AgentPage::AgentPage(QWidget *parent)
    : QWidget(parent), m_host(new AgentHost(this)), m_traces(new RecentTracesModel(this)), m_trace(new TraceTreeModel(this)),
      m_metrics(new RecentMetricsModel(this))
{
    setObjectName(QStringLiteral("agentPage"));
    m_listenBar = new AgentListenBar(m_host, this);
    const auto agentChanged = [this] {
        m_openTraceId.clear();
        refresh();
    };
    connect(m_host, &AgentHost::started, this, agentChanged);
    connect(m_host, &AgentHost::stopped, this, agentChanged);
    m_headline = new QLabel;
    m_headline->setObjectName(QStringLiteral("agentHeadline"));
    m_headline->setTextFormat(Qt::RichText);
    m_counts = new QLabel;
    m_counts->setObjectName(QStringLiteral("agentCounts"));
    m_counts->setWordWrap(true);
    m_counts->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_nodes = new QTreeWidget;
    m_nodes->setObjectName(QStringLiteral("agentNodes"));
    m_nodes->setRootIsDecorated(false);
    m_nodes->setHeaderLabels({tr("Service"), tr("Host"), tr("PID"), tr("Language"), tr("Exporter")});
    m_violations = countsTree(QStringLiteral("agentViolations"), {tr("Check that failed"), tr("Times")});
    m_violations->setToolTip(tr("The agent checks every message: Node on each stream's first message, id sizes, parents "
                                "inside their trace, end after start, distribution counts matching their buckets, ...\n"
                                "Spans dropped with a stream the agent closed leave their traces without some "
                                "parents: those count as parent_not_in_trace too. A trace is checked once none of "
                                "its spans has come for 10 s."));
    m_quirks = countsTree(QStringLiteral("agentQuirks"), {tr("Quirk"), tr("Times")});
    m_quirks->setToolTip(tr("What real senders are known to do, counted but not errors: KrakenD's Go exporter, "
                            "for one, gives root spans a parent id of zeros. Hover a quirk for what it is and who "
                            "does it."));
    m_metricTypes = countsTree(QStringLiteral("agentMetricTypes"), {tr("Type"), tr("Metrics")});
    m_metricTypes->setToolTip(tr("Metrics received by descriptor type"));

    m_tracesView = tableFor(m_traces, QStringLiteral("recentTraces"));
    m_traceView = new QTreeView;
    m_traceView->setObjectName(QStringLiteral("traceWaterfall"));
    m_traceView->setModel(m_trace);
    m_traceView->setItemDelegateForColumn(TraceTreeModel::Timeline, new WaterfallDelegate(m_traceView));
    m_traceView->setUniformRowHeights(true);
    m_traceView->setAlternatingRowColors(true);
    m_traceView->header()->setStretchLastSection(true);
    m_traceView->header()->setMinimumSectionSize(40);
    m_tracesView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tracesView->horizontalHeader()->setSectionResizeMode(RecentTracesModel::Root, QHeaderView::Stretch);
    m_tracesView->horizontalHeader()->setStretchLastSection(false);
    m_metricsView = tableFor(m_metrics, QStringLiteral("recentMetrics"));
    m_metricsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_metricsView->horizontalHeader()->setStretchLastSection(true);
    m_nodes->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_tracesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { openTrace(current.row()); });

    auto *top = new QHBoxLayout;
    // The counts grow a line or two with a forward or a recording: they scroll rather than clip.
    auto *countsScroll = new QScrollArea;
    countsScroll->setWidget(m_counts);
    countsScroll->setWidgetResizable(true);
    countsScroll->setFrameShape(QFrame::NoFrame);
    m_counts->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto *countsBox = boxed(tr("Received"), countsScroll);
    top->addWidget(countsBox, 3);
    top->addWidget(boxed(tr("Nodes"), m_nodes), 2);
    top->addWidget(boxed(tr("Violations"), m_violations), 2);
    top->addWidget(boxed(tr("Quirks (not errors)"), m_quirks), 2);

    auto *traces = new QSplitter(Qt::Horizontal);
    traces->addWidget(boxed(tr("Recent traces"), m_tracesView));
    traces->addWidget(boxed(tr("Trace"), m_traceView));
    traces->setSizes({450, 650});
    auto *split = new QSplitter(Qt::Vertical);
    auto *topWidget = new QWidget;
    topWidget->setLayout(top);
    split->addWidget(topWidget);
    split->addWidget(traces);
    auto *metrics = new QSplitter(Qt::Horizontal);
    metrics->addWidget(boxed(tr("Metrics by type"), m_metricTypes));
    metrics->addWidget(boxed(tr("Recent metrics"), m_metricsView));
    metrics->setSizes({300, 800});
    split->addWidget(metrics);
    split->setSizes({220, 380, 200});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(boxed(tr("The agent on its own"), m_listenBar));
    layout->addWidget(m_headline);
    layout->addWidget(split, 1);

    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &AgentPage::refresh);
    refresh();
}

AgentPage::~AgentPage() = default;

void AgentPage::setSession(RunSession *session)
{
    m_session = session;
    m_openTraceId.clear();
    // Hidden, the page refreshes when it is shown: a refresh reads the agent's recent spans and metrics,
    // which the UI thread need not do at the end of every run.
    const auto refreshIfShown = [this] {
        if (isVisible())
            refresh();
    };
    if (session)
        connect(session, &RunSession::finished, this, refreshIfShown);
    refreshIfShown();
}

void AgentPage::showEvent(QShowEvent *event)
{
    refresh();
    m_refresh.start();
    QWidget::showEvent(event);
}

void AgentPage::hideEvent(QHideEvent *event)
{
    m_refresh.stop();
    QWidget::hideEvent(event);
}

EmbeddedAgent *AgentPage::shownAgent(QString *headline) const
{
    if (EmbeddedAgent *own = m_host->agent(); own && (m_host->isListening() || !m_session || !m_session->agent())) {
        *headline = tr("<b>The agent on its own</b> — %1").arg(m_host->isListening() ? tr("listening") : tr("stopped"));
        return own;
    }
    EmbeddedAgent *agent = m_session ? m_session->agent() : nullptr;
    if (!agent) {
        *headline = m_session ? tr("This run sends to %1, not to the embedded agent: what it received is that agent's to "
                                   "show, unless it is the agent on its own above.").arg(m_session->targetAddress())
                              : tr("No run yet. Start one on the <b>Run</b> page with the embedded agent as its target, "
                                   "or let the agent listen on its own above, and what it receives shows here.");
        return nullptr;
    }
    *headline = tr("<b>Embedded agent</b> of the run on 127.0.0.1:%1 — %2")
                    .arg(agent->port())
                    .arg(agent->isListening() ? tr("listening") : tr("stopped"));
    return agent;
}

void AgentPage::refresh()
{
    QString headline;
    EmbeddedAgent *agent = shownAgent(&headline);
    m_headline->setText(headline);
    if (!agent)
        return;
    const AgentSnapshot s = agent->snapshot();
    m_counts->setText(tr("Streams: %1 open, %2 in all (%3 trace, %4 metrics, %5 config)\n"
                         "Requests: %6, %7\nSpans: %8 in %9 traces\nMetrics: %10, %11 time series, %12 points\n"
                         "Faults injected: %13 · streams refused for headers: %14\nRefused at the agent's limits: %15")
                          .arg(formatCount(s.streamsOpen), formatCount(s.streamsTotal), formatCount(s.traceStreams), formatCount(s.metricStreams),
                               formatCount(s.configStreams), formatCount(s.requests),
                               formatMegabytes(s.bytesReceived), formatCount(s.spans), formatCount(s.traces))
                          .arg(formatCount(s.metrics), formatCount(s.timeSeries), formatCount(s.points), formatCount(s.faultsInjected),
                               formatCount(s.rejectedUnauthenticated), refusalText(s))
                      + tapText(s));
    m_nodes->clear();
    for (const NodeSummary &node : s.nodes)
        m_nodes->addTopLevelItem(new QTreeWidgetItem(
            {node.serviceName, node.hostName, QString::number(node.pid), node.language, node.exporterVersion}));
    showCounts(m_violations, s.violations, tr("none: every message passed"));
    showCounts(m_quirks, s.quirks, tr("none seen"), quirkDescription);
    QMap<QString, std::uint64_t> byType = s.metricsByType;
    for (const QString &type : metricTypeNames()) { // every type, those that never came too
        if (!byType.contains(type))
            byType.insert(type, 0);
    }
    showCounts(m_metricTypes, byType, QString());

    m_traces->setSpans(agent->recorder().recentSpans());
    m_metrics->setMetrics(agent->recorder().recentMetrics());
    // The list is rebuilt each refresh; keep the open trace selected if it is still among the recent ones.
    const int row = m_traces->rowOf(m_openTraceId);
    if (row >= 0) {
        const QSignalBlocker block(m_tracesView->selectionModel());
        m_tracesView->selectionModel()->setCurrentIndex(m_traces->index(row, 0),
                                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    } else if (m_traces->newestWithRoot() >= 0 && m_openTraceId.isEmpty()) {
        m_tracesView->selectionModel()->setCurrentIndex(m_traces->index(m_traces->newestWithRoot(), 0),
                                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
}

void AgentPage::openTrace(int row)
{
    const QList<ReceivedSpan> spans = m_traces->spansOf(row);
    m_openTraceId = spans.isEmpty() ? QByteArray() : spans.first().traceId;
    m_trace->setTrace(spans);
    m_traceView->expandAll();
    for (int c = 0; c < TraceTreeModel::Timeline; ++c)
        m_traceView->resizeColumnToContents(c);
}

} // namespace ocw
