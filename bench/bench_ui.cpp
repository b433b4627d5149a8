// SPDX-License-Identifier: Apache-2.0
// The UI's responsiveness while the exporter runs flat out to the embedded agent: how late a 5 ms timer
// fires on the UI thread (its event loop's latency) and how much of a core the UI thread uses, with the Run
// page's charts visible, and with another page in front as the baseline.
// Run: build/bench/bench_ui            (offscreen without a display; under Xvfb or a desktop with one)
#include "mainwindow.h"
#include "profilepage.h"
#include "runcharts.h"
#include "runpage.h"

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
#include <ctime>

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
        const std::uint64_t sentBefore = page->session()->runSnapshot().exporter.spans.sent;
        const double cpuBefore = threadCpuSeconds();
        last = clock.nsecsElapsed();
        probe.start();
        QEventLoop loop;
        QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
        loop.exec();
        probe.stop();
        const double wall = double(clock.nsecsElapsed()) / 1e9;
        const double cpu = threadCpuSeconds() - cpuBefore;
        const std::uint64_t sent = page->session()->runSnapshot().exporter.spans.sent - sentBefore;
        page->stop();

        state.SetIterationTime(wall);
        state.counters["lateness_p50_ms"] = percentile(lateness, 0.50);
        state.counters["lateness_p99_ms"] = percentile(lateness, 0.99);
        state.counters["lateness_max_ms"] = percentile(lateness, 1.0);
        state.counters["ui_thread_cpu_pct"] = 100.0 * cpu / wall;
        state.counters["spans_sent_per_s"] = double(sent) / wall;
        state.counters["chart_points"] = page->charts()->pointCount();
    }
}

} // namespace

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
