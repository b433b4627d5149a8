// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/configanalysis.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace ocw {

// Validates a text off the UI thread; when the user types faster than validation runs, only the
// latest text's result is delivered ("latest wins").
class AnalysisJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnalysisJob)

public:
    explicit AnalysisJob(QObject *parent = nullptr);
    ~AnalysisJob() override;

    void start(const QByteArray &bytes);
    bool isRunning() const { return m_running; }

signals:
    void finished(std::shared_ptr<const ocw::ConfigAnalysis> analysis, const QByteArray &bytes);

private:
    void launch();

    QFutureWatcher<std::shared_ptr<const ConfigAnalysis>> m_watcher;
    QByteArray m_runningBytes;
    QByteArray m_pending;
    bool m_hasPending = false;
    bool m_running = false;
};

} // namespace ocw
