// SPDX-License-Identifier: Apache-2.0
// The UI's responsiveness: on Start, Pause and Stop against targets that are slow to fail, and while the
// exporter runs flat out to the embedded agent (how late a 5 ms timer fires on the UI thread, its event
// loop's latency, and how much of a core the UI thread uses, with the Run page's charts visible, and with
// another page in front as the baseline).
// Run: build/bench/bench_ui            (offscreen without a display; under Xvfb or a desktop with one)
#include "mainwindow.h"
#include "profilepage.h"
#include "runcharts.h"
#include "runpage.h"

#include "agent/embeddedagent.h"
#include "configworkbench.h"
#include "run/runsession.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <functional>

namespace {

// More spans than the exporter can send: generation, queue and exporter all run at their limit.
constexpr auto kFlatOutProfile = R"({
  "format": "ocworkbench-load-profile",
  "version": 1,
  "name": "Flat out",
  "description": "More than the exporter can send, so that it runs at its limit.",
  "seed": 1,
  "rate": {"unit": "spans", "shape": [{"constant": 2000000}]},
  "traces": {"preset": "krakend"}
})";

double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

void BM_UiDuringFullRateRun(benchmark::State &state, bool chartsVisible)
{
    const double seconds = 10;
    for (auto _ : state) {
        ocw::MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QEventLoop parsed;
        QObject::connect(window.profilePage(), &ocw::ProfilePage::profileChanged, &parsed, &QEventLoop::quit);
        QTimer::singleShot(5000, &parsed, &QEventLoop::quit);
        window.profilePage()->sourceEditor()->setPlainText(QString::fromUtf8(kFlatOutProfile));
        parsed.exec();
        if (!window.profilePage()->profile() || window.profilePage()->profile()->name != QLatin1String("Flat out")) {
            state.SkipWithError("the flat-out profile did not parse");
            return;
        }
        ocw::RunPage *page = window.runPage();
        auto *load = page->findChild<QComboBox *>(QStringLiteral("load"));
        load->setCurrentIndex(load->findData(QString()));
        page->findChild<QComboBox *>(QStringLiteral("target"))->setCurrentIndex(0);
        auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
        pages->setCurrentWidget(chartsVisible ? static_cast<QWidget *>(page) : pages->widget(0));
        if (const QString error = page->start(); !error.isEmpty()) {
            state.SkipWithError(qPrintable(error));
            return;
        }

        // Let the run reach its steady state before measuring.
        QElapsedTimer warmup;
        warmup.start();
        while (warmup.elapsed() < 2000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

        std::vector<double> lateness;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(5);
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0;
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            lateness.push_back(std::max(0.0, double(now - last) / 1e6 - 5.0));
            last = now;
        });
        const std::uint64_t writtenBefore = page->session()->runSnapshot().exporter.spans.written;
        const double cpuBefore = threadCpuSeconds();
        last = clock.nsecsElapsed();
        probe.start();
        QEventLoop loop;
        QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
        loop.exec();
        probe.stop();
        const double wall = double(clock.nsecsElapsed()) / 1e9;
        const double cpu = threadCpuSeconds() - cpuBefore;
        const std::uint64_t written = page->session()->runSnapshot().exporter.spans.written - writtenBefore;
        page->stop();
        while (page->isRunning())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

        state.SetIterationTime(wall);
        state.counters["lateness_p50_ms"] = percentile(lateness, 0.50);
        state.counters["lateness_p99_ms"] = percentile(lateness, 0.99);
        state.counters["lateness_max_ms"] = percentile(lateness, 1.0);
        state.counters["ui_thread_cpu_pct"] = 100.0 * cpu / wall;
        state.counters["spans_written_per_s"] = double(written) / wall;
        state.counters["chart_points"] = page->charts()->pointCount();
    }
}

// Where the Run page sends in BM_UiOnStartPauseStop.
enum class Target { EmbeddedAgent, Refused, Unresolvable, NeverReads };

// How long the UI thread is held by Start, Pause and Stop: each call's own duration, and the longest a 5 ms
// timer on the UI thread fires late from Start until the run has finished (the drain included), against
// targets that are slow to fail: a refused port, a name that does not resolve, an agent that never reads.
void BM_UiOnStartPauseStop(benchmark::State &state, Target target)
{
    for (auto _ : state) {
        ocw::MainWindow window;
        window.resize(1600, 1000);
        window.show();
        ocw::RunPage *page = window.runPage();
        QString address;
        switch (target) {
        case Target::EmbeddedAgent:
        case Target::NeverReads:
            break;
        case Target::Refused:
            address = QStringLiteral("127.0.0.1:1");
            break;
        case Target::Unresolvable:
            address = QStringLiteral("no-such-agent.invalid:55678");
            break;
        }
        std::unique_ptr<ocw::EmbeddedAgent> stuck;
        if (target == Target::NeverReads) {
            ocw::AgentOptions options;
            options.listen = ocw::AgentAddress::loopback(0);
            options.readDelay = std::chrono::hours(1);
            stuck = std::make_unique<ocw::EmbeddedAgent>(options);
            if (const QString error = stuck->start(); !error.isEmpty()) {
                state.SkipWithError(qPrintable(error));
                return;
            }
            address = QStringLiteral("127.0.0.1:%1").arg(stuck->port());
        }
        if (!address.isEmpty()) {
            window.workbench()->newDocument(QStringLiteral(R"({"version": 3, "extra_config": {"telemetry/opencensus": {"sample_rate": 100,
                "exporters": {"ocagent": {"address": "%1", "insecure": true, "enable_compression": true, "reconnection": "1s"}}}}})")
                                                .arg(address)
                                                .toUtf8());
        }
        page->findChild<QComboBox *>(QStringLiteral("target"))->setCurrentIndex(address.isEmpty() ? 0 : 1);
        auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
        pages->setCurrentWidget(page);
        for (int i = 0; i < 20; ++i)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);

        // The longest lateness of the probe in each phase: the call and what its consequences bring to the
        // UI thread (the first ticks after Start, the end of the run after Stop).
        enum Phase { Starting, Running, Pausing, Stopping, PhaseCount };
        std::array<double, PhaseCount> worst{};
        Phase phase = Starting;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(5);
        QElapsedTimer clock;
        clock.start();
        qint64 last = clock.nsecsElapsed();
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            worst[phase] = std::max(worst[phase], double(now - last) / 1e6 - 5.0);
            last = now;
        });
        const auto timed = [](const std::function<void()> &call) {
            QElapsedTimer t;
            t.start();
            call();
            return double(t.nsecsElapsed()) / 1e6;
        };
        const auto run = [](int ms) {
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < ms)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        };
        probe.start();
        QString error;
        const double startMs = timed([&] { error = page->start(); });
        if (!error.isEmpty()) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        run(500);
        phase = Running;
        run(1000);
        phase = Pausing;
        double pauseMs = timed([&] { page->pauseAction()->trigger(); });
        run(300);
        pauseMs = std::max(pauseMs, timed([&] { page->pauseAction()->trigger(); }));
        run(300);
        phase = Running;
        run(700);
        phase = Stopping;
        const double stopMs = timed([&] { page->stop(); });
        QElapsedTimer drain;
        drain.start();
        while (page->isRunning() && drain.elapsed() < 30000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        const double stoppedAfter = double(drain.elapsed()) / 1000.0;
        run(200);
        probe.stop();

        state.SetIterationTime(double(clock.nsecsElapsed()) / 1e9);
        state.counters["start_ms"] = startMs;
        state.counters["pause_ms"] = pauseMs;
        state.counters["stop_ms"] = stopMs;
        state.counters["stall_start_ms"] = worst[Starting];
        state.counters["stall_pause_ms"] = worst[Pausing];
        state.counters["stall_stop_ms"] = worst[Stopping];
        state.counters["stall_running_ms"] = worst[Running];
        state.counters["finished_after_stop_s"] = stoppedAfter;
    }
}

} // namespace

BENCHMARK_CAPTURE(BM_UiOnStartPauseStop, embedded_agent, Target::EmbeddedAgent)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_UiOnStartPauseStop, refused, Target::Refused)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_UiOnStartPauseStop, unresolvable_name, Target::Unresolvable)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_UiOnStartPauseStop, agent_never_reads, Target::NeverReads)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_UiDuringFullRateRun, charts_visible, true)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(BM_UiDuringFullRateRun, other_page_in_front, false)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("OC Workbench Bench"));
    QStandardPaths::setTestModeEnabled(true); // the user's settings stay untouched
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
