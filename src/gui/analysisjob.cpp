// SPDX-License-Identifier: Apache-2.0
#include "analysisjob.h"

#include <QtConcurrent/QtConcurrentRun>

namespace ocw {

AnalysisJob::AnalysisJob(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<const ConfigAnalysis>>::finished, this, [this] {
        m_running = false;
        if (m_hasPending) {
            launch(); // a newer text arrived: its result is the one worth showing
            return;
        }
        emit finished(m_watcher.result(), m_runningBytes);
    });
}

AnalysisJob::~AnalysisJob()
{
    m_watcher.waitForFinished();
}

void AnalysisJob::start(const QByteArray &bytes)
{
    m_pending = bytes;
    m_hasPending = true;
    if (!m_running)
        launch();
}

void AnalysisJob::launch()
{
    m_runningBytes = std::exchange(m_pending, {});
    m_hasPending = false;
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run([bytes = m_runningBytes] {
        return std::shared_ptr<const ConfigAnalysis>(std::make_shared<ConfigAnalysis>(analyzeConfig(bytes)));
    }));
}

} // namespace ocw
