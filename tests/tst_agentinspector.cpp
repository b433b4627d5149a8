// SPDX-License-Identifier: Apache-2.0
// The Agent page's trace inspector, offscreen: the time ruler's ticks, the trace list's sort and filters, a
// span's details, the selection staying on its trace while data arrives, the empty state and the layout at
// 1024x700. Traces reach the page through a real embedded agent's recorder, as a gateway's would.
#include "agentpage.h"
#include "recenttracesmodel.h"
#include "spandetailsview.h"
#include "timeruler.h"
#include "tracefiltermodel.h"
#include "tracetreemodel.h"

#include "agent/agenthost.h"
#include "agent/agentrecorder.h"
#include "agent/embeddedagent.h"

#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace ocw;
namespace pb = opencensus::proto::trace::v1;
using Request = opencensus::proto::agent::trace::v1::ExportTraceServiceRequest;

namespace {

constexpr qint64 BaseSeconds = 1'700'000'000;

std::string traceId(int n)
{
    std::string id(16, 'T');
    id[15] = char(n & 0xff);
    id[14] = char((n >> 8) & 0xff);
    return id;
}

QByteArray hexTraceId(int n)
{
    return QByteArray::fromStdString(traceId(n)).toHex();
}

// A span of trace `trace` starting `startMs` after BaseSeconds and lasting `micros`.
pb::Span span(int trace, char id, char parent, const char *name, qint64 startMs, qint64 micros, int status = 0)
{
    pb::Span s;
    s.set_trace_id(traceId(trace));
    s.set_span_id(std::string(8, id));
    if (parent)
        s.set_parent_span_id(std::string(8, parent));
    s.mutable_name()->set_value(name);
    const qint64 start = BaseSeconds * 1'000'000'000 + startMs * 1'000'000;
    const qint64 end = start + micros * 1000;
    s.mutable_start_time()->set_seconds(start / 1'000'000'000);
    s.mutable_start_time()->set_nanos(int(start % 1'000'000'000));
    s.mutable_end_time()->set_seconds(end / 1'000'000'000);
    s.mutable_end_time()->set_nanos(int(end % 1'000'000'000));
    s.mutable_status()->set_code(status);
    return s;
}

Request request(const char *service, std::initializer_list<pb::Span> spans)
{
    Request r;
    r.mutable_node()->mutable_service_info()->set_name(service);
    for (const pb::Span &s : spans)
        *r.add_spans() = s;
    return r;
}

// An Agent page showing the agent on its own, listening on loopback; traces go straight to its recorder.
struct ListeningPage {
    AgentPage page;
    EmbeddedAgent *agent = nullptr;

    bool start()
    {
        QSignalSpy started(page.host(), &AgentHost::started);
        page.host()->start(AgentOptions{});
        if (!started.wait(10000) || !started.first().first().toString().isEmpty())
            return false;
        agent = page.host()->agent();
        return agent != nullptr;
    }
    void send(const Request &r)
    {
        std::string service;
        agent->recorder().traceRequest(r, true, service);
    }
    QByteArray currentTraceId() const
    {
        return page.tracesView()->currentIndex().data(RecentTracesModel::TraceIdRole).toByteArray();
    }
    // The trace ids the list shows, in its order.
    QList<QByteArray> shownIds() const
    {
        QList<QByteArray> ids;
        for (int r = 0; r < page.tracesFilter()->rowCount(); ++r)
            ids.append(page.tracesFilter()->index(r, 0).data(RecentTracesModel::TraceIdRole).toByteArray());
        return ids;
    }
};

} // namespace

class AgentInspectorTest : public QObject
{
    Q_OBJECT

private slots:
    void durationsAndRulerTicksScaleTheirUnits_data()
    {
        QTest::addColumn<qint64>("nanos");
        QTest::addColumn<double>("pixels");
        QTest::addColumn<QStringList>("labels");
        QTest::addRow("1 ms") << qint64(1'000'000) << 500.0
                              << QStringList{u"0"_qs, u"200 µs"_qs, u"400 µs"_qs, u"600 µs"_qs, u"800 µs"_qs, u"1 ms"_qs};
        QTest::addRow("2.5 s") << qint64(2'500'000'000) << 1000.0
                               << QStringList{u"0"_qs, u"200 ms"_qs, u"400 ms"_qs, u"600 ms"_qs, u"800 ms"_qs, u"1 s"_qs, u"1.2 s"_qs,
                                              u"1.4 s"_qs, u"1.6 s"_qs, u"1.8 s"_qs, u"2 s"_qs, u"2.2 s"_qs, u"2.4 s"_qs};
        QTest::addRow("1.5 µs") << qint64(1500) << 300.0 << QStringList{u"0"_qs, u"500 ns"_qs, u"1 µs"_qs, u"1.5 µs"_qs};
        QTest::addRow("narrow") << qint64(90'000'000) << 160.0 << QStringList{u"0"_qs, u"50 ms"_qs};
        QTest::addRow("instant") << qint64(0) << 500.0 << QStringList{u"0"_qs};
    }
    void durationsAndRulerTicksScaleTheirUnits()
    {
        QFETCH(qint64, nanos);
        QFETCH(double, pixels);
        QFETCH(QStringList, labels);
        const QList<RulerTick> ticks = rulerTicks(nanos, pixels, 80);
        QStringList shown;
        for (const RulerTick &tick : ticks) {
            shown.append(tick.label);
            QVERIFY(tick.fraction >= 0 && tick.fraction <= 1);
        }
        QCOMPARE(shown, labels);
        for (qsizetype i = 1; i < ticks.size(); ++i)
            QVERIFY((ticks[i].fraction - ticks[i - 1].fraction) * pixels >= 80 - 1e-9);

        QCOMPARE(formatNanos(850), u"850 ns"_qs);
        QCOMPARE(formatNanos(12'345), u"12.3 µs"_qs);
        QCOMPARE(formatNanos(4'560'000), u"4.56 ms"_qs);
        QCOMPARE(formatNanos(1'234'000'000), u"1.23 s"_qs);
    }

    // Any column sorts, numbers as numbers; filters by service, span name, shortest duration and errors combine.
    void traceListSortsAndFilters()
    {
        ListeningPage p;
        QVERIFY(p.start());
        QAbstractItemModelTester tracesTester(p.page.tracesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(p.page.tracesFilter(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        p.send(request("krakend", {span(1, 'b', 'a', "backend /users", 0, 9), span(1, 'a', 0, "GET /users", 0, 9)}));
        p.send(request("krakend", {span(2, 'b', 'a', "backend /orders", 10, 100'000, 14), span(2, 'a', 0, "GET /orders", 10, 100'000)}));
        p.send(request("billing", {span(3, 'a', 0, "POST /invoices", 20, 2'000)}));
        p.page.refresh();
        QCOMPARE(p.page.tracesModel()->rowCount(), 3);
        QCOMPARE(p.shownIds(), (QList<QByteArray>{hexTraceId(3), hexTraceId(2), hexTraceId(1)})); // newest first

        QTableView *view = p.page.tracesView();
        view->sortByColumn(RecentTracesModel::Duration, Qt::AscendingOrder); // 9 µs < 2 ms < 100 ms, not as text
        QCOMPARE(p.shownIds(), (QList<QByteArray>{hexTraceId(1), hexTraceId(3), hexTraceId(2)}));
        view->sortByColumn(RecentTracesModel::Service, Qt::AscendingOrder);
        QCOMPARE(p.shownIds().first(), hexTraceId(3));
        view->sortByColumn(RecentTracesModel::Errors, Qt::DescendingOrder);
        QCOMPARE(p.shownIds().first(), hexTraceId(2));

        auto *service = p.page.findChild<QComboBox *>(u"traceServiceFilter"_qs);
        QCOMPARE(service->count(), 3); // all, billing, krakend
        service->setCurrentIndex(service->findText(u"billing"_qs));
        QCOMPARE(p.shownIds(), (QList<QByteArray>{hexTraceId(3)}));
        service->setCurrentIndex(0);
        QCOMPARE(p.page.tracesFilter()->rowCount(), 3);

        auto *spanName = p.page.findChild<QLineEdit *>(u"traceSpanFilter"_qs);
        QTest::keyClicks(spanName, u"ORDERS"_qs); // any case, any span of the trace
        QTRY_COMPARE(p.shownIds(), (QList<QByteArray>{hexTraceId(2)}));
        spanName->clear();
        QTRY_COMPARE(p.page.tracesFilter()->rowCount(), 3);

        auto *minimum = p.page.findChild<QDoubleSpinBox *>(u"traceMinDuration"_qs);
        minimum->setValue(1.5); // ms
        QCOMPARE(p.page.tracesFilter()->rowCount(), 2);
        auto *errors = p.page.findChild<QCheckBox *>(u"traceErrorsOnly"_qs);
        errors->setChecked(true);
        QCOMPARE(p.shownIds(), (QList<QByteArray>{hexTraceId(2)}));
        QCOMPARE(p.page.findChild<QLabel *>(u"traceCount"_qs)->text(), u"1 of 3 traces"_qs);
        minimum->setValue(200);
        QCOMPARE(p.page.tracesFilter()->rowCount(), 0);
        errors->setChecked(false);
        minimum->setValue(0);
        QCOMPARE(p.page.tracesFilter()->rowCount(), 3);
        p.page.refresh(); // under the testers' eyes, with nothing changed
    }

    // Selecting a span shows its attributes, annotations, message events, status and links.
    void spanDetailsShowAKnownSpan()
    {
        ListeningPage p;
        QVERIFY(p.start());
        pb::Span backend = span(5, 'b', 'a', "backend /users", 1, 4'000, 14);
        backend.set_kind(pb::Span::CLIENT);
        backend.mutable_status()->set_message("connection refused");
        auto &attributes = *backend.mutable_attributes()->mutable_attribute_map();
        attributes["http.url"].mutable_string_value()->set_value("http://users:8080/users");
        attributes["http.status_code"].set_int_value(503);
        auto *annotation = backend.mutable_time_events()->add_time_event();
        *annotation->mutable_time() = backend.start_time();
        annotation->mutable_annotation()->mutable_description()->set_value("retrying");
        auto *message = backend.mutable_time_events()->add_time_event();
        *message->mutable_time() = backend.start_time();
        message->mutable_message_event()->set_type(pb::Span::TimeEvent::MessageEvent::RECEIVED);
        message->mutable_message_event()->set_uncompressed_size(512);
        auto *link = backend.mutable_links()->add_link();
        link->set_trace_id(traceId(99));
        link->set_span_id(std::string(8, 'L'));
        link->set_type(pb::Span::Link::PARENT_LINKED_SPAN);
        p.send(request("krakend", {backend, span(5, 'a', 0, "GET /users", 0, 6'000)}));
        p.page.refresh();
        QCOMPARE(p.currentTraceId(), hexTraceId(5)); // opened on its own: the only trace
        TraceTreeModel *tree = p.page.traceModel();
        QCOMPARE(tree->spanCount(), 2);
        // The root is selected first; then the backend span.
        QCOMPARE(p.page.spanDetails()->value(u"Span"_qs, u"Name"_qs), u"GET /users"_qs);
        const QModelIndex backendIndex = tree->indexOf(QByteArray(8, 'b').toHex());
        QVERIFY(backendIndex.isValid());
        p.page.waterfallView()->setCurrentIndex(backendIndex);

        const SpanDetailsView *details = p.page.spanDetails();
        QCOMPARE(details->value(u"Span"_qs, u"Name"_qs), u"backend /users"_qs);
        QCOMPARE(details->value(u"Span"_qs, u"Kind"_qs), u"client"_qs);
        QCOMPARE(details->value(u"Span"_qs, u"Status"_qs), u"UNAVAILABLE (14): connection refused"_qs);
        QCOMPARE(details->value(u"Span"_qs, u"Duration"_qs), u"4.00 ms"_qs);
        QVERIFY(details->value(u"Span"_qs, u"Start"_qs).startsWith(u"+1.00 ms"_qs));
        QCOMPARE(details->value(u"Span"_qs, u"Parent id"_qs), QString::fromLatin1(QByteArray(8, 'a').toHex()));
        QCOMPARE(details->value(u"Attributes"_qs, u"http.status_code"_qs), u"503"_qs);
        QCOMPARE(details->value(u"Attributes"_qs, u"http.url"_qs), u"http://users:8080/users"_qs);
        QVERIFY(details->value(u"Annotations"_qs, details->topLevelItem(2)->child(0)->text(0)) == u"retrying"_qs);
        QVERIFY(details->topLevelItem(3)->child(0)->text(1).startsWith(u"received"_qs));
        QCOMPARE(details->topLevelItem(4)->child(0)->text(0), u"parent"_qs);
        QVERIFY(details->topLevelItem(4)->child(0)->text(1).contains(QString::fromLatin1(hexTraceId(99))));
        QCOMPARE(details->topLevelItem(4)->text(0), u"Links (1)"_qs);

        // New spans of the open trace keep the selected span.
        p.send(request("krakend", {span(5, 'c', 'a', "backend /late", 2, 1'000)}));
        p.page.refresh();
        QCOMPARE(tree->spanCount(), 3);
        QCOMPARE(details->value(u"Span"_qs, u"Name"_qs), u"backend /users"_qs);
    }

    // The selected trace stays selected, and on screen, while newer traces arrive and sort above it.
    void selectionStaysPutWhileDataArrives()
    {
        ListeningPage p;
        QVERIFY(p.start());
        p.page.resize(1024, 700);
        p.page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&p.page));
        // The one to follow is the slowest, so the store keeps it however many newer traces come.
        p.send(request("krakend", {span(1000, 'a', 0, "GET /slow", 0, 5'000'000)}));
        for (int t = 0; t < 3; ++t)
            p.send(request("krakend", {span(t, 'a', 0, "GET /users", 1 + t, 1'000)}));
        p.page.refresh();
        QTableView *view = p.page.tracesView();
        const int followedRow = int(p.shownIds().indexOf(hexTraceId(1000)));
        view->selectionModel()->setCurrentIndex(p.page.tracesFilter()->index(followedRow, 0),
                                                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(p.page.openTraceId(), hexTraceId(1000));
        int next = 100;
        for (int snapshot = 0; snapshot < 4; ++snapshot) {
            Request newer;
            newer.mutable_node()->mutable_service_info()->set_name("krakend");
            for (int i = 0; i < 10; ++i, ++next)
                *newer.add_spans() = span(next, 'a', 0, "GET /users", 100 + next, 1'000);
            p.send(newer);
            const int before = p.page.tracesModel()->rowCount();
            p.page.refresh();
            QVERIFY(p.page.tracesModel()->rowCount() > before);
            QCOMPARE(p.currentTraceId(), hexTraceId(1000));
            QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
            QCOMPARE(view->selectionModel()->selectedRows().first().data(RecentTracesModel::TraceIdRole).toByteArray(), hexTraceId(1000));
            QVERIFY2(view->viewport()->rect().contains(view->visualRect(view->currentIndex())),
                     qPrintable(QStringLiteral("snapshot %1: the selected row left the screen").arg(snapshot)));
            QCOMPARE(p.page.openTraceId(), hexTraceId(1000));
        }
        QVERIFY(view->currentIndex().row() >= 40); // it did move down the list: newer traces sort above it
    }

    // With nothing received the page says what to do, and offers the demo.
    void emptyStateSaysWhatToDo()
    {
        AgentPage idle;
        auto *stack = idle.findChild<QStackedWidget *>(u"tracesStack"_qs);
        QCOMPARE(stack->currentWidget()->objectName(), u"tracesEmpty"_qs);
        QVERIFY(idle.findChild<QLabel *>(u"tracesEmptyText"_qs)->text().contains(u"Start the demo"_qs));
        QSignalSpy demo(&idle, &AgentPage::demoRequested);
        idle.findChild<QPushButton *>(u"startDemoButton"_qs)->click();
        QCOMPARE(demo.size(), 1);

        ListeningPage p;
        QVERIFY(p.start());
        p.page.refresh();
        const QString text = p.page.findChild<QLabel *>(u"tracesEmptyText"_qs)->text();
        QVERIFY2(text.contains(u':' + QString::number(p.agent->port())), qPrintable(text)); // the address to point an exporter at
        p.send(request("krakend", {span(1, 'a', 0, "GET /users", 0, 10)}));
        p.page.refresh();
        QCOMPARE(p.page.findChild<QStackedWidget *>(u"tracesStack"_qs)->currentWidget()->objectName(), u"tracesInspector"_qs);
    }

    // At 1024x700 the list's columns fit (eliding, with the whole text as a tooltip), the filters show whole
    // and the counts wrap.
    void layoutFitsAt1024x700()
    {
        ListeningPage p;
        QVERIFY(p.start());
        p.page.resize(1024, 700);
        p.page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&p.page));
        const std::string longName = "GET /api/v1/" + std::string(150, 'x'); // wider than the page, even cut to what is kept
        p.send(request("a-service-with-a-rather-long-name-for-a-gateway", {span(1, 'a', 0, longName.c_str(), 0, 1'000)}));
        p.page.refresh();
        QTableView *view = p.page.tracesView();
        QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
        const QModelIndex root = view->model()->index(0, RecentTracesModel::Root);
        QVERIFY(root.data(Qt::ToolTipRole).toString().contains(root.data().toString()));
        for (const char *name : {"traceServiceFilter", "traceSpanFilter", "traceMinDuration", "traceErrorsOnly", "traceCount"}) {
            auto *widget = p.page.findChild<QWidget *>(QString::fromLatin1(name));
            const QRect onPage(widget->mapTo(&p.page, QPoint(0, 0)), widget->size());
            QVERIFY2(p.page.rect().contains(onPage), name);
            QVERIFY2(widget->width() >= widget->minimumSizeHint().width(), name);
        }
        QVERIFY(p.page.findChild<QLabel *>(u"agentCounts"_qs)->wordWrap());
        QHeaderView *header = p.page.waterfallView()->header();
        QVERIFY(header->sectionSize(TraceTreeModel::Timeline) > 200);
        // The Timeline column's header is a ruler: its labels ("0", "500 µs", "1 ms") are drawn across it.
        const QImage ruler = header->grab().toImage();
        int inkColumns = 0;
        for (int x = header->sectionViewportPosition(TraceTreeModel::Timeline); x < ruler.width(); ++x) {
            for (int y = 0; y < ruler.height(); ++y) {
                if (qGray(ruler.pixel(x, y)) < 128) {
                    ++inkColumns;
                    break;
                }
            }
        }
        QVERIFY2(inkColumns > 30, qPrintable(QString::number(inkColumns)));
    }
};

QTEST_MAIN(AgentInspectorTest)
#include "tst_agentinspector.moc"
