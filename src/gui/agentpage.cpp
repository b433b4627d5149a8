// SPDX-License-Identifier: Apache-2.0
#include "agentpage.h"

#include "agentlistenbar.h"
#include "recentmetricsmodel.h"
#include "recenttracesmodel.h"
#include "spandetailsview.h"
#include "tracefiltermodel.h"
#include "tracetreemodel.h"
#include "waterfalldelegate.h"
#include "waterfallheader.h"

#include "ui_agentpage.h"

#include "agent/agenthost.h"
#include "agent/agentrecorder.h"
#include "run/quantityformat.h"
#include "run/runsession.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QScrollBar>

namespace ocw {

namespace {

void setUpTable(QTableView *view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
}

void setUpCountsTree(QTreeWidget *tree, const QStringList &headers)
{
    tree->setHeaderLabels(headers);
    // The counts stay in view however narrow the page: the names give way, elided in the middle.
    tree->setTextElideMode(Qt::ElideMiddle);
    tree->header()->setStretchLastSection(false);
    tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
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

// Where a sender reaches `agent`: "localhost:55678", "[::1]:4317", "unix:/run/agent.sock".
QString reachableAt(const EmbeddedAgent &agent)
{
    const AgentAddress &listen = agent.options().listen;
    if (agent.port() == 0)
        return listen.display();
    const QString host = listen.host.isEmpty() ? QStringLiteral("localhost") : listen.host;
    return (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(agent.port());
}

} // namespace

AgentPage::AgentPage(QWidget *parent)
    : QWidget(parent), ui(std::make_unique<Ui::AgentPage>()), m_host(new AgentHost(this)), m_traces(new RecentTracesModel(this)),
      m_filter(new TraceFilterModel(this)), m_trace(new TraceTreeModel(this)), m_metrics(new RecentMetricsModel(this))
{
    ui->setupUi(this);
    setObjectName(QStringLiteral("agentPage"));
    m_listenBar = new AgentListenBar(m_host, this);
    ui->listenLayout->addWidget(m_listenBar);
    const auto agentChanged = [this] {
        m_openTraceId.clear();
        refresh();
    };
    connect(m_host, &AgentHost::started, this, agentChanged);
    connect(m_host, &AgentHost::stopped, this, agentChanged);

    ui->agentNodes->setHeaderLabels({tr("Service"), tr("Host"), tr("PID"), tr("Language"), tr("Exporter")});
    // Narrow, the columns share the width and elide; each row's tooltip has it whole.
    ui->agentNodes->header()->setSectionResizeMode(QHeaderView::Stretch);
    ui->agentNodes->header()->setMinimumSectionSize(24);
    ui->agentNodes->header()->setStretchLastSection(false);
    setUpCountsTree(ui->agentViolations, {tr("Check that failed"), tr("Times")});
    ui->agentViolations->setToolTip(tr("The agent checks every message: Node on each stream's first message, id sizes, parents "
                                       "inside their trace, end after start, distribution counts matching their buckets, ...\n"
                                       "Spans dropped with a stream the agent closed leave their traces without some "
                                       "parents: those count as parent_not_in_trace too. A trace is checked once none of "
                                       "its spans has come for 10 s."));
    setUpCountsTree(ui->agentQuirks, {tr("Quirk"), tr("Times")});
    ui->agentQuirks->setToolTip(tr("What real senders are known to do, counted but not errors: KrakenD's Go exporter, "
                                   "for one, gives root spans a parent id of zeros. Hover a quirk for what it is and who "
                                   "does it."));
    setUpCountsTree(ui->agentMetricTypes, {tr("Type"), tr("Metrics")});
    ui->agentMetricTypes->setToolTip(tr("Metrics received by descriptor type"));
    ui->recentMetrics->setModel(m_metrics);
    setUpTable(ui->recentMetrics);
    ui->recentMetrics->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    ui->recentMetrics->horizontalHeader()->setStretchLastSection(true);
    ui->metricsSplitter->setSizes({300, 800});

    setUpTraceViews();
    setUpFilters();
    connect(ui->startDemoButton, &QPushButton::clicked, this, &AgentPage::demoRequested);
    // The summary row takes what its counts need; the traces take the rest.
    ui->pageSplitter->setStretchFactor(1, 1);
    ui->pageSplitter->setSizes({140, 600});
    ui->tracesSplitter->setSizes({300, 300});
    ui->traceSplitter->setSizes({700, 360});

    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &AgentPage::refresh);
    refresh();
}

void AgentPage::setUpTraceViews()
{
    m_filter->setSourceModel(m_traces);
    QTableView *traces = ui->recentTraces;
    traces->setModel(m_filter);
    setUpTable(traces);
    traces->sortByColumn(RecentTracesModel::Started, Qt::DescendingOrder);
    QHeaderView *columns = traces->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setSectionResizeMode(RecentTracesModel::Root, QHeaderView::Stretch);
    for (const int fitted : {RecentTracesModel::Started, RecentTracesModel::Spans, RecentTracesModel::Duration, RecentTracesModel::Errors})
        columns->setSectionResizeMode(fitted, QHeaderView::ResizeToContents);
    columns->resizeSection(RecentTracesModel::Service, 110);
    columns->resizeSection(RecentTracesModel::Kept, 130);
    columns->setStretchLastSection(false);
    connect(traces->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { openTrace(current); });

    QTreeView *waterfall = ui->traceWaterfall;
    waterfall->setHeader(new WaterfallHeader(waterfall));
    waterfall->setModel(m_trace);
    waterfall->setItemDelegateForColumn(TraceTreeModel::Timeline, new WaterfallDelegate(waterfall));
    waterfall->header()->setStretchLastSection(true);
    waterfall->header()->setMinimumSectionSize(40);
    waterfall->header()->resizeSection(TraceTreeModel::Name, 220);
    waterfall->header()->resizeSection(TraceTreeModel::Service, 90);
    waterfall->header()->setSectionResizeMode(TraceTreeModel::Duration, QHeaderView::ResizeToContents);
    connect(waterfall->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showSpan(current); });
}

void AgentPage::setUpFilters()
{
    ui->traceServiceFilter->addItem(tr("All services"));
    connect(ui->traceServiceFilter, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_filter->setService(index <= 0 ? QString() : ui->traceServiceFilter->itemText(index)); });
    // Typing refilters once the user pauses, not at every key.
    m_spanFilterDebounce.setSingleShot(true);
    m_spanFilterDebounce.setInterval(300);
    connect(ui->traceSpanFilter, &QLineEdit::textChanged, &m_spanFilterDebounce, qOverload<>(&QTimer::start));
    connect(&m_spanFilterDebounce, &QTimer::timeout, this, [this] { m_filter->setSpanName(ui->traceSpanFilter->text()); });
    connect(ui->traceMinDuration, &QDoubleSpinBox::valueChanged, this,
            [this](double ms) { m_filter->setMinimumDurationNanos(qint64(ms * 1e6)); });
    connect(ui->traceErrorsOnly, &QCheckBox::toggled, m_filter, &TraceFilterModel::setErrorsOnly);
    const auto countShown = [this] {
        ui->traceCount->setText(tr("%1 of %2 traces").arg(m_filter->rowCount()).arg(m_traces->rowCount()));
    };
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, countShown);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, countShown);
    connect(m_filter, &QAbstractItemModel::modelReset, this, countShown);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, countShown);
    ui->traceCount->setToolTip(tr("Kept: the %1 newest traces, the %2 slowest by root duration and the %3 latest with an "
                                  "error, each once")
                                   .arg(TraceStore::Newest)
                                   .arg(TraceStore::Slowest)
                                   .arg(TraceStore::Erroring));
    countShown();
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
    ui->agentHeadline->setText(headline);
    if (!agent) {
        showTraces({}, nullptr);
        return;
    }
    const AgentSnapshot s = agent->snapshot();
    ui->agentCounts->setText(tr("Streams: %1 open, %2 in all (%3 trace, %4 metrics, %5 config)\n"
                                "Requests: %6, %7\nSpans: %8 in %9 traces\nMetrics: %10, %11 time series, %12 points\n"
                                "Faults injected: %13 · streams refused for headers: %14\nRefused at the agent's limits: %15")
                                 .arg(formatCount(s.streamsOpen), formatCount(s.streamsTotal), formatCount(s.traceStreams),
                                      formatCount(s.metricStreams), formatCount(s.configStreams), formatCount(s.requests),
                                      formatMegabytes(s.bytesReceived), formatCount(s.spans), formatCount(s.traces))
                                 .arg(formatCount(s.metrics), formatCount(s.timeSeries), formatCount(s.points),
                                      formatCount(s.faultsInjected), formatCount(s.rejectedUnauthenticated), refusalText(s))
                             + tapText(s));
    ui->agentNodes->clear();
    for (const NodeSummary &node : s.nodes) {
        auto *item = new QTreeWidgetItem({node.serviceName, node.hostName, QString::number(node.pid), node.language, node.exporterVersion});
        const QString whole = tr("%1 on %2, pid %3, %4, exporter %5")
                                  .arg(node.serviceName, node.hostName, QString::number(node.pid), node.language, node.exporterVersion);
        for (int column = 0; column < item->columnCount(); ++column)
            item->setToolTip(column, whole);
        ui->agentNodes->addTopLevelItem(item);
    }
    showCounts(ui->agentViolations, s.violations, tr("none: every message passed"));
    showCounts(ui->agentQuirks, s.quirks, tr("none seen"), quirkDescription);
    QMap<QString, std::uint64_t> byType = s.metricsByType;
    for (const QString &type : metricTypeNames()) { // every type, those that never came too
        if (!byType.contains(type))
            byType.insert(type, 0);
    }
    showCounts(ui->agentMetricTypes, byType, QString());
    showTraces(agent->recorder().keptTraces(), agent);
    m_metrics->setMetrics(agent->recorder().recentMetrics());
}

void AgentPage::showTraces(const QList<KeptTrace> &traces, EmbeddedAgent *agent)
{
    QTableView *view = ui->recentTraces;
    // The rows keep their identity through the update, so the selection stays on its trace; the view is
    // scrolled so that the selected row stays where it was on screen while rows come and go around it.
    const QModelIndex current = view->currentIndex();
    const QRect before = view->visualRect(current);
    const bool wasVisible = current.isValid() && view->viewport()->rect().intersects(before);
    m_traces->setTraces(traces);
    showServices();
    if (wasVisible && view->currentIndex().isValid()) {
        const int moved = view->visualRect(view->currentIndex()).top() - before.top();
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->value() + moved);
    }

    if (traces.isEmpty()) {
        ui->tracesEmptyText->setText(
            agent ? tr("<p><b>No traces yet.</b></p><p>Point an exporter at <b>%1</b>: in krakend.json, the ocagent exporter's "
                       "<tt>address</tt>. Or start the demo, which sends KrakenD-like traces to the embedded agent.</p>")
                        .arg(reachableAt(*agent).toHtmlEscaped())
                  : tr("<p><b>No traces yet.</b></p><p>Start the demo, which sends KrakenD-like traces to the embedded agent; "
                       "or let the agent listen on its own above and point an exporter (the ocagent exporter's "
                       "<tt>address</tt> in krakend.json) at the address it listens on.</p>"));
        ui->tracesStack->setCurrentWidget(ui->tracesEmpty);
        m_openTraceId.clear();
        m_trace->setTrace({});
        showSpan({});
        return;
    }
    ui->tracesStack->setCurrentWidget(ui->tracesInspector);

    const int open = m_traces->rowOf(m_openTraceId);
    if (open >= 0) {
        if (m_traces->trace(open)->version != m_openTraceVersion) // new spans of the open trace came
            openTrace(m_filter->mapFromSource(m_traces->index(open, 0)));
    } else if (m_openTraceId.isEmpty() && m_filter->rowCount() > 0) {
        // Nothing open yet: the first trace in the list's order whose root came (the root ends, so arrives, last).
        int row = 0;
        for (int r = 0; r < m_filter->rowCount(); ++r) {
            if (m_traces->trace(m_filter->mapToSource(m_filter->index(r, 0)).row())->rootSeen()) {
                row = r;
                break;
            }
        }
        view->selectionModel()->setCurrentIndex(m_filter->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
}

void AgentPage::showServices()
{
    QComboBox *combo = ui->traceServiceFilter;
    QStringList shown;
    for (int i = 1; i < combo->count(); ++i)
        shown.append(combo->itemText(i));
    QStringList services = m_traces->services();
    const QString chosen = combo->currentIndex() > 0 ? combo->currentText() : QString();
    if (!chosen.isEmpty() && !services.contains(chosen)) // a choice stays while its traces are gone
        services.append(chosen);
    if (services == shown)
        return;
    const QSignalBlocker block(combo);
    while (combo->count() > 1)
        combo->removeItem(1);
    combo->addItems(services);
    combo->setCurrentIndex(chosen.isEmpty() ? 0 : combo->findText(chosen));
}

void AgentPage::openTrace(const QModelIndex &proxyIndex)
{
    const KeptTrace *trace = m_traces->trace(m_filter->mapToSource(proxyIndex).row());
    if (!trace)
        return; // a filter hid the open trace: it stays in the waterfall
    if (trace->id != m_openTraceId)
        m_selectedSpanId.clear();
    m_openTraceId = trace->id;
    m_openTraceVersion = trace->version;
    const QByteArray selectedSpan = m_selectedSpanId;
    m_trace->setTrace(trace->spans);
    ui->traceWaterfall->expandAll();
    // The span selected before new spans came stays selected; a trace just opened shows its root.
    const QModelIndex span = selectedSpan.isEmpty() ? m_trace->index(0, 0) : m_trace->indexOf(selectedSpan);
    ui->traceWaterfall->selectionModel()->setCurrentIndex(span, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    showSpan(span);
}

void AgentPage::showSpan(const QModelIndex &index)
{
    const ReceivedSpan *span = m_trace->spanAt(index);
    if (span)
        m_selectedSpanId = span->spanId;
    ui->spanDetails->setSpan(span, m_trace->startNanos());
}

QTableView *AgentPage::tracesView() const
{
    return ui->recentTraces;
}

QTreeView *AgentPage::waterfallView() const
{
    return ui->traceWaterfall;
}

SpanDetailsView *AgentPage::spanDetails() const
{
    return ui->spanDetails;
}

} // namespace ocw
