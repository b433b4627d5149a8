// SPDX-License-Identifier: Apache-2.0
#include "runpage.h"
#include "ui_runpage.h"

#include "configworkbench.h"
#include "profilepage.h"
#include "runcharts.h"
#include "runsummary.h"
#include "settings.h"
#include "warningbox.h"

#include "atomicfile.h"
#include "config/agentaddress.h"
#include "config/configfile.h"
#include "load/presetprofiles.h"
#include "run/quantityformat.h"
#include "run/runconfig.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTreeWidget>

namespace ocw {

namespace {

const QString kEmbedded = QStringLiteral("embedded");
const QString kConfigAddress = QStringLiteral("config");
const QString kTypedAddress = QStringLiteral("address");

QString stateColor(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Connected:
        return QStringLiteral("#3caa5a");
    case ConnectionState::Connecting:
    case ConnectionState::Waiting:
        return QStringLiteral("#e6a028");
    default:
        return QStringLiteral("#888888");
    }
}

} // namespace

RunPage::RunPage(ConfigWorkbench *config, ProfilePage *profiles, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::RunPage>()), m_config(config), m_profiles(profiles)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("runPage"));
    m_start = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-start"), style()->standardIcon(QStyle::SP_MediaPlay)),
                          tr("&Start Run"), this);
    m_start->setShortcut(Qt::Key_F5);
    m_start->setToolTip(tr("Start sending the load (F5)"));
    m_pause = new QAction(tr("&Pause Load"), this);
    m_pause->setCheckable(true);
    m_pause->setShortcut(Qt::Key_F6);
    m_stop = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-stop"), style()->standardIcon(QStyle::SP_MediaStop)),
                         tr("S&top Run"), this);
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stopNow = new QAction(tr("Stop &Now"), this);
    m_stopNow->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5));
    m_stopNow->setToolTip(tr("Cancel the streams at once: what is queued is not sent, and what the agent has not "
                             "confirmed is counted as cancelled at stop (Ctrl+Shift+F5)"));
    connect(m_start, &QAction::triggered, this, [this] { start(); });
    connect(m_pause, &QAction::toggled, this, &RunPage::setPaused);
    connect(m_stop, &QAction::triggered, this, &RunPage::stop);
    connect(m_stopNow, &QAction::triggered, this, &RunPage::stopNow);

    setUpChoices();
    setUpControls(); // before the charts: they start with its window
    setUpCharts();
    setUpReport();
    setBannerShown(false);
    // Two lines, always: a message that wraps differently must not lay the page and its charts out again
    // (that alone stalls the UI thread for tens of milliseconds on Start and Stop).
    m_ui->runMessage->setFixedHeight(2 * m_ui->runMessage->fontMetrics().lineSpacing() + 2);

    showLastReport(readLastReport());
    connect(&m_lastReportWatcher, &QFutureWatcher<QString>::finished, this, &RunPage::onLastReportWritten);
    updateControls();
}

RunPage::~RunPage()
{
    saveChoices();
    m_lastReportWrite.waitForFinished();
    if (m_session) {
        m_session->disconnect(this); // its last tick must not reach a page being destroyed
        m_session->stop(); // the window closes only after a run has finished; this is the last resort
    }
}

void RunPage::setUpChoices()
{
    const Settings::RunChoices choices = Settings::runChoices();
    m_ui->target->addItem(tr("The embedded agent (in this window)"), kEmbedded);
    m_ui->target->addItem(tr("The config's address"), kConfigAddress);
    m_ui->target->addItem(tr("This address:"), kTypedAddress);
    m_ui->target->setCurrentIndex(std::max(0, m_ui->target->findData(choices.sendTo)));
    m_ui->address->addItems(choices.recentAddresses);
    m_ui->address->setEditText(choices.address);
    m_ui->address->lineEdit()->setPlaceholderText(tr("host:port, e.g. localhost:55678"));
    m_ui->address->lineEdit()->setClearButtonEnabled(true);

    for (const PresetProfile &preset : presetProfiles())
        m_ui->load->addItem(tr("Preset: %1").arg(preset.title), preset.name);
    m_ui->load->addItem(tr("The load profile page's profile"), QString());
    m_ui->load->setCurrentIndex(std::max(0, m_ui->load->findData(choices.load)));
    m_ui->seed->setRange(0, std::numeric_limits<int>::max());
    const auto showProfileSeed = [this] {
        const QString preset = m_ui->load->currentData().toString();
        const std::optional<LoadProfile> profile = preset.isEmpty() ? m_profiles->profile() : presetProfile(preset);
        if (profile)
            m_ui->seed->setValue(int(std::min<std::uint64_t>(profile->seed, std::uint64_t(m_ui->seed->maximum()))));
    };
    connect(m_ui->load, &QComboBox::currentIndexChanged, this, showProfileSeed);
    showProfileSeed();

    m_ui->queueItems->setValue(int(choices.queueItems));
    m_ui->queueMiB->setValue(int(choices.queueMiB));
    m_ui->connections->setValue(choices.connections); // the box keeps it within 1 to 64
    m_ui->caFile->setText(choices.caFile);
    m_ui->certFile->setText(choices.certFile);
    m_ui->keyFile->setText(choices.keyFile);
    for (QLineEdit *edit : {m_ui->caFile, m_ui->certFile, m_ui->keyFile}) {
        QAction *browse = edit->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), QLineEdit::TrailingPosition);
        browse->setToolTip(tr("Choose a PEM file"));
        connect(browse, &QAction::triggered, edit, [this, edit] {
            const QString path = QFileDialog::getOpenFileName(this, tr("PEM file"), Settings::lastDirectory(), tr("PEM (*.pem *.crt *.key);;All files (*)"));
            if (!path.isEmpty())
                edit->setText(path);
        });
    }
    m_ui->faultCycle->setChecked(choices.faultCycle);
    const SessionOptions::FaultTimes faults;
    m_ui->faultCycle->setToolTip(tr("The embedded agent ends every stream at %1 s, then every %2 s alternately refuses "
                                    "connections for %3 s or ends the streams: reconnections to watch")
                                     .arg(faults.first.count() / 1000)
                                     .arg(faults.every.count() / 1000)
                                     .arg(double(faults.refusal.count()) / 1000.0));
    const auto targetChanged = [this] {
        const QString target = m_ui->target->currentData().toString();
        m_ui->faultCycle->setEnabled(target == kEmbedded);
        m_ui->address->setEnabled(target == kTypedAddress);
        for (QLineEdit *edit : {m_ui->caFile, m_ui->certFile, m_ui->keyFile})
            edit->setEnabled(target != kEmbedded);
    };
    connect(m_ui->target, &QComboBox::currentIndexChanged, this, targetChanged);
    targetChanged();

    m_ui->fidelity->addItem(tr("As KrakenD's exporter does"), fidelityName(Fidelity::Krakend));
    m_ui->fidelity->addItem(tr("Improved"), fidelityName(Fidelity::Improved));
    m_ui->fidelity->setCurrentIndex(std::max(0, m_ui->fidelity->findData(choices.fidelity)));
    m_ui->fidelity->setToolTip(tr("As KrakenD's exporter does, quirks included: the headers go on the trace stream only (an "
                                  "agent that requires them refuses the metrics stream, and each refused metrics send takes the "
                                  "connection down); what is made while disconnected is dropped. Improved: headers on every "
                                  "stream, and what is made while disconnected is queued and sent after the reconnection."));
}

void RunPage::setUpControls()
{
    m_ui->startButton->setDefaultAction(m_start);
    m_ui->pauseButton->setDefaultAction(m_pause);
    m_ui->stopButton->setDefaultAction(m_stop);
    auto *stopMenu = new QMenu(m_ui->stopButton);
    stopMenu->addAction(tr("Stop and Drain (send what is queued)"), this, &RunPage::stop);
    stopMenu->addAction(m_stopNow);
    m_ui->stopButton->setMenu(stopMenu);
    m_ui->stopButton->setPopupMode(QToolButton::MenuButtonPopup);

    for (const int minutes : {1, 5, 15, 60})
        m_ui->window->addItem(tr("%n minute(s)", nullptr, minutes), minutes);
    m_ui->window->setCurrentIndex(std::max(0, m_ui->window->findData(Settings::runChoices().windowMinutes)));
    connect(m_ui->window, &QComboBox::currentIndexChanged, this,
            [this] { m_charts->setWindowSeconds(m_ui->window->currentData().toInt() * 60.0); });
    m_freeze = new QAction(QIcon::fromTheme(QStringLiteral("object-locked")), tr("Freeze charts"), this);
    m_freeze->setCheckable(true);
    m_freeze->setToolTip(tr("Hold the charts still to read them; the run and its history go on"));
    connect(m_freeze, &QAction::toggled, this, [this](bool frozen) {
        if (!frozen)
            m_charts->redraw();
    });
    m_follow = new QAction(QIcon::fromTheme(QStringLiteral("zoom-original"), style()->standardIcon(QStyle::SP_MediaSeekForward)),
                           tr("Follow the run"), this);
    m_follow->setToolTip(tr("Back from a zoom to the sliding window (or double-click a chart)"));
    m_follow->setEnabled(false);
    m_ui->followButton->setDefaultAction(m_follow);
    m_ui->freezeButton->setDefaultAction(m_freeze);

    m_ui->exportButton->setIcon(QIcon::fromTheme(QStringLiteral("document-save-as"), style()->standardIcon(QStyle::SP_DialogSaveButton)));
    auto *menu = new QMenu(m_ui->exportButton);
    menu->addAction(tr("Charts as PNG…"), this, [this] {
        exportWith(tr("Save the charts"), tr("PNG image (*.png)"), QStringLiteral("png"), [this](const QString &p) { return saveChartsPng(p); });
    });
    menu->addAction(tr("Series as CSV…"), this, [this] {
        exportWith(tr("Save the series"), tr("CSV (*.csv)"), QStringLiteral("csv"), [this](const QString &p) { return saveSeriesCsv(p); });
    });
    menu->addAction(tr("Run report as JSON…"), this, [this] {
        exportWith(tr("Save the run report"), tr("JSON (*.json)"), QStringLiteral("json"), [this](const QString &p) { return saveReportJson(p); });
    });
    m_ui->exportButton->setMenu(menu);
}

void RunPage::setUpCharts()
{
    // An item view, not labels: new text each tick repaints two cells and lays nothing out again (a label's
    // new text would lay out the whole page, charts included, ten times a second).
    m_counters = new QTreeWidget;
    m_counters->setObjectName(QStringLiteral("counters"));
    m_counters->setColumnCount(2);
    m_counters->setHeaderLabels({tr("Counter"), tr("Value")});
    m_counters->setRootIsDecorated(false);
    m_counters->setWordWrap(true);
    m_counters->setSelectionMode(QAbstractItemView::NoSelection);
    m_counters->setFocusPolicy(Qt::NoFocus);
    m_counters->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_counters->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_counters->header()->setStretchLastSection(true);
    for (const auto &[key, label] : QList<std::pair<QString, QString>>{{QStringLiteral("spans"), tr("Spans")},
                                                                       {QStringLiteral("delivery"), tr("Spans delivered")},
                                                                       {QStringLiteral("spansLost"), tr("Spans not sent")},
                                                                       {QStringLiteral("received"), tr("Agent received")},
                                                                       {QStringLiteral("points"), tr("Metric points")},
                                                                       {QStringLiteral("bytes"), tr("Bytes")},
                                                                       {QStringLiteral("ratio"), tr("Compression")},
                                                                       {QStringLiteral("reconnections"), tr("Reconnections")},
                                                                       {QStringLiteral("connected"), tr("Connected")},
                                                                       {QStringLiteral("behind"), tr("Behind schedule")},
                                                                       {QStringLiteral("error"), tr("Last error")}}) {
        auto *item = new QTreeWidgetItem(m_counters, {label, QStringLiteral("–")});
        item->setData(0, Qt::UserRole, key);
        if (key == QStringLiteral("delivery"))
            item->setToolTip(0, tr("The protocol has no acknowledgement. Sent: written to a stream the agent then closed "
                                   "cleanly after reading it to its end (confirmed at the stop). In flight: written to a "
                                   "stream still open. Unconfirmed: written to a stream that broke first; the agent may "
                                   "or may not have read them."));
    }
    m_charts = new RunCharts(m_history, m_counters);
    m_charts->setWindowSeconds(m_ui->window->currentData().toInt() * 60.0);
    connect(m_follow, &QAction::triggered, m_charts, &RunCharts::followRun);
    connect(m_charts, &RunCharts::followingChanged, m_follow, [this](bool following) { m_follow->setEnabled(!following); });
    m_ui->liveLayout->setContentsMargins(0, 4, 0, 0);
    m_ui->liveLayout->addWidget(m_charts, 1);
}

void RunPage::setUpReport()
{
    m_ui->lastReport->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_ui->reportSummary->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    // A fixed width for the values: a long one (gRPC's last error) elides, its tooltip whole, and the details stay in view.
    m_ui->reportSummary->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    m_ui->reportSummary->header()->resizeSection(1, m_ui->reportSummary->fontMetrics().horizontalAdvance(QStringLiteral("0,000,000,000 (100.00 %)")));
    m_ui->reportSummary->header()->setStretchLastSection(true);
    m_ui->reportSplitter->setStretchFactor(0, 3);
    m_ui->reportSplitter->setStretchFactor(1, 1);
    connect(m_ui->rawJsonButton, &QToolButton::toggled, this,
            [this](bool raw) { m_ui->reportStack->setCurrentWidget(raw ? static_cast<QWidget *>(m_ui->lastReport) : m_ui->reportSummary); });
    m_ui->thresholds->setPlainText(Settings::runChoices().thresholds.join(u'\n'));
    m_ui->thresholds->setToolTip(tr("Keys: any number in the report (a dotted path reaches inside an object, e.g. "
                                    "dropped_by_reason.queue_full), or one of the ratios of what was generated: %1")
                                     .arg([] {
                                         QStringList names;
                                         for (const DerivedRatio &r : derivedRatios())
                                             names.append(QLatin1String(r.name));
                                         return names.join(QStringLiteral(", "));
                                     }()));
    connect(m_ui->thresholds, &QPlainTextEdit::textChanged, this, &RunPage::onThresholdsEdited);
    onThresholdsEdited();
}

QString RunPage::counter(const QString &key) const
{
    for (int i = 0; i < m_counters->topLevelItemCount(); ++i) {
        if (m_counters->topLevelItem(i)->data(0, Qt::UserRole).toString() == key)
            return m_counters->topLevelItem(i)->text(1);
    }
    return {};
}

void RunPage::setCounter(const QString &key, const QString &text)
{
    for (int i = 0; i < m_counters->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_counters->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == key && item->text(1) != text) {
            item->setText(1, text);
            item->setToolTip(1, text);
        }
    }
}

void RunPage::setMessage(const QString &text, bool error)
{
    m_ui->runMessage->setText(error ? QStringLiteral("<span style='color:#d23c3c'>%1</span>").arg(text.toHtmlEscaped()) : text);
    m_ui->runMessage->setToolTip(m_ui->runMessage->text());
}

QString RunPage::typedAddress(QString &error) const
{
    const QString text = m_ui->address->currentText().trimmed();
    if (text.isEmpty()) {
        error = tr("Send to: type the agent's address, e.g. localhost:55678, or choose the embedded agent.");
        return {};
    }
    const AgentAddressResult parsed = parseAgentAddress(text);
    if (!parsed.address)
        error = tr("Send to: %1").arg(parsed.problem);
    return text;
}

void RunPage::rememberAddress(const QString &address)
{
    Settings::RunChoices choices = Settings::runChoices();
    choices.recentAddresses.removeAll(address);
    choices.recentAddresses.prepend(address);
    choices.recentAddresses = choices.recentAddresses.mid(0, Settings::MaxRecentAddresses);
    choices.address = address;
    Settings::setRunChoices(choices);
    const QSignalBlocker blocker(m_ui->address);
    m_ui->address->clear();
    m_ui->address->addItems(choices.recentAddresses);
    m_ui->address->setEditText(address);
}

QString RunPage::start()
{
    if (isRunning())
        return {};
    const QString target = m_ui->target->currentData().toString();
    const bool embedded = target == kEmbedded;
    QString error;
    const QString address = target == kTypedAddress ? typedAddress(error) : QString();
    std::shared_ptr<const ConfigAnalysis> analysis = m_config->currentAnalysis();
    const bool usable = analysis->config.ocagent && !analysis->hasErrors();
    QString note;
    if (!usable && target != kConfigAddress) {
        // The embedded agent or a typed address need no config; the bundled example's exporter settings stand in.
        analysis = std::make_shared<const ConfigAnalysis>(analyzeConfig(demoConfig()));
        note = tr("The open config has no usable ocagent exporter, so the run uses the bundled example's settings. ");
    }
    RunSettings settings;
    settings.addressOverride = address;
    settings.fidelity = fidelityFromName(m_ui->fidelity->currentData().toString()).value_or(Fidelity::Krakend);
    settings.maxQueueItems = std::size_t(m_ui->queueItems->value());
    settings.maxQueueBytes = std::size_t(m_ui->queueMiB->value()) * 1024 * 1024;
    if (!embedded) {
        settings.caFile = m_ui->caFile->text();
        settings.certFile = m_ui->certFile->text();
        settings.keyFile = m_ui->keyFile->text();
    }
    RunOptionsResult built = runOptionsFromConfig(*analysis, settings, DemoSpansPerSecond);
    if (error.isEmpty())
        error = built.error;
    const QString preset = m_ui->load->currentData().toString();
    if (preset.isEmpty())
        m_profiles->validateNow();
    const std::optional<LoadProfile> profile = preset.isEmpty() ? m_profiles->profile() : presetProfile(preset);
    if (error.isEmpty() && (!profile || (preset.isEmpty() && m_profiles->hasErrors())))
        error = tr("The load profile page's profile has errors; fix them (its problems list says where) or choose a preset.");
    SessionOptions options;
    if (error.isEmpty()) {
        options.run = *built.options;
        options.run.profile = profile;
        options.run.seed = std::uint64_t(m_ui->seed->value());
        options.run.connections = m_ui->connections->value();
        options.embeddedAgent = embedded;
        options.faultCycle = embedded && m_ui->faultCycle->isChecked();
        auto session = std::make_unique<RunSession>(options);
        connect(session.get(), &RunSession::tick, this, &RunPage::onTick);
        connect(session.get(), &RunSession::finished, this, &RunPage::onFinished);
        const QString what = note + tr("Sending %1 to %2%3.").arg(profile->name.toHtmlEscaped(), QStringLiteral("%1"),
                                                                  options.faultCycle ? tr(", with the agent's faults on a cycle") : QString());
        RunSession *raw = session.get(); // started() may come before start() returns
        connect(raw, &RunSession::started, this, [this, raw, what] { setMessage(what.arg(raw->targetAddress())); });
        error = session->start();
        if (error.isEmpty())
            m_session = std::move(session);
    }
    if (!error.isEmpty()) {
        setMessage(error, true);
        return error;
    }
    if (!address.isEmpty())
        rememberAddress(address);
    m_runTitle = profile->name;
    m_runStart = QDateTime::currentDateTime();
    m_history.clear();
    m_charts->followRun();
    setBannerShown(false);
    setMessage(tr("Starting…"));
    m_ui->tabs->setCurrentIndex(0);
    saveChoices();
    updateControls();
    emit sessionStarted(m_session.get());
    emit runningChanged(true);
    return {};
}

void RunPage::stop()
{
    if (!isRunning())
        return;
    if (m_session->isStopping()) {
        // Asked again while draining: stop now; what the agent has not confirmed is counted as cancelled.
        stopNow();
        return;
    }
    m_session->requestStop(); // finished() follows once the exporter has drained and the agent stopped
    setMessage(tr("Stopping: sending what is queued and waiting for the agent to confirm it (at most %1 s); "
                  "Stop again to cancel at once.")
                   .arg(QLocale().toString(double(m_session->drainTimeout().count()) / 1000.0)));
    updateControls();
}

void RunPage::stopNow()
{
    if (!isRunning())
        return;
    m_session->requestStop(std::chrono::milliseconds(0));
    setMessage(tr("Stopping now: the streams are cancelled; what is queued is not sent."));
    updateControls();
}

void RunPage::setPaused(bool paused)
{
    if (m_session)
        m_session->setPaused(paused);
    updateControls();
}

void RunPage::chooseDemo()
{
    m_ui->target->setCurrentIndex(m_ui->target->findData(kEmbedded));
    m_ui->load->setCurrentIndex(std::max(0, m_ui->load->findData(QLatin1String(DemoPreset))));
    m_ui->faultCycle->setChecked(true);
}

void RunPage::onTick(const RunSnapshot &run, const AgentSnapshot &agent)
{
    m_history.add(run, m_session->hasAgent() ? &agent : nullptr);
    showCounters(run, agent);
    showConnectionBanner(run.exporter);
    // Hidden or frozen charts cost nothing; the history still grows, so they are whole when shown again.
    if (isVisible() && !m_freeze->isChecked())
        m_charts->redrawNext();
}

void RunPage::showConnectionBanner(const ExporterSnapshot &exporter)
{
    // Only while the connection is down and gRPC said why: a stop's own disconnection is no failure.
    const bool down = exporter.state != ConnectionState::Connected && !exporter.lastError.isEmpty() && !m_session->isStopping();
    if (down) {
        const QString text = tr("Not connected to %1 (%2): %3")
                                 .arg(m_session->targetAddress(), connectionStateName(exporter.state), exporter.lastError);
        if (text != m_ui->connectionBanner->text()) {
            m_ui->connectionBanner->setText(text);
            m_ui->connectionBanner->setToolTip(text);
        }
    }
    if (down != m_ui->connectionBanner->isVisibleTo(this))
        setBannerShown(down);
}

void RunPage::setBannerShown(bool shown)
{
    // The banner takes the message's place (it says more than "Sending ... to ..."): the charts keep their height.
    m_ui->connectionBanner->setVisible(shown);
    m_ui->runMessage->setVisible(!shown);
}

void RunPage::onFinished()
{
    setBannerShown(false);
    if (const QString error = m_session->startError(); !error.isEmpty()) {
        setMessage(error, true);
        updateControls();
        emit runningChanged(false);
        return;
    }
    showLastReport(m_session->report());
    // Kept for the next session too: the last run's report stays viewable after a restart. Written off the
    // UI thread (an atomic write waits for the disk); the page's end waits for it. It holds the config's
    // choices, so it is the user's alone.
    m_lastReportWrite = QtConcurrent::run([path = lastReportPath(), bytes = QJsonDocument(m_lastReport).toJson()] {
        QDir().mkpath(QFileInfo(path).absolutePath());
        return writeFileAtomically(path, bytes, FileReaders::OwnerOnly);
    });
    m_lastReportWatcher.setFuture(m_lastReportWrite);
    const RunSnapshot run = m_session->runSnapshot();
    const Accounting &spans = run.exporter.spans;
    QString message = tr("Stopped after %1 s: %2 spans sent (the agent confirmed them), %3 unconfirmed (written to streams "
                         "that broke), %4 dropped, %5 queued at the stop.")
                          .arg(run.elapsedSeconds, 0, 'f', 1)
                          .arg(formatCount(spans.sent), formatCount(spans.unconfirmed), formatCount(spans.dropped()), formatCount(spans.queued));
    if (run.exporter.drain == DrainOutcome::Deadline)
        message += u' ' + tr("The agent did not confirm everything within the drain deadline: %1 spans were cancelled.")
                              .arg(formatCount(spans.dropped(DropReason::CancelledAtStop)));
    setMessage(message + u' ' + tr("The summary is on the Last report tab."));
    m_pause->setChecked(false);
    updateControls();
    m_charts->redraw();
    emit runningChanged(false);
}

QString RunPage::lastReportPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("last-run-report.json"));
}

QJsonObject RunPage::readLastReport()
{
    const ConfigFile::ReadResult read = ConfigFile::read(lastReportPath());
    return read.ok() ? QJsonDocument::fromJson(read.bytes).object() : QJsonObject();
}

void RunPage::showLastReport(const QJsonObject &report)
{
    m_lastReport = report;
    m_ui->lastReport->setPlainText(report.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented)));
    bool allPassed = true;
    m_thresholdResults = report.isEmpty() ? QJsonArray() : evaluateThresholds(m_thresholds, report, allPassed);
    showRunSummary(m_ui->reportSummary, report, m_thresholdResults);
    m_ui->reportVerdict->setText(report.isEmpty() ? tr("No run yet: the summary of the last run appears here when it stops.")
                                                  : thresholdVerdict(m_thresholdResults));
}

void RunPage::onThresholdsEdited()
{
    const ThresholdList list = parseThresholdLines(m_ui->thresholds->toPlainText());
    m_thresholds = list.thresholds;
    m_ui->thresholdProblems->setText(list.problems.join(u'\n'));
    m_ui->thresholdProblems->setVisible(!list.problems.isEmpty());
    QStringList expressions;
    for (const Threshold &t : m_thresholds)
        expressions.append(t.expression);
    Settings::RunChoices choices = Settings::runChoices();
    if (choices.thresholds != expressions) {
        choices.thresholds = expressions;
        Settings::setRunChoices(choices);
    }
    showLastReport(m_lastReport);
}

void RunPage::showCounters(const RunSnapshot &run, const AgentSnapshot &agent)
{
    const ExporterSnapshot &e = run.exporter;
    setCounter(QStringLiteral("spans"), tr("%1 generated, %2 written").arg(formatCount(e.spans.generated), formatCount(e.spans.written)));
    setCounter(QStringLiteral("delivery"), tr("%1 sent, %2 in flight, %3 unconfirmed")
                                               .arg(formatCount(e.spans.sent), formatCount(e.spans.inFlight), formatCount(e.spans.unconfirmed)));
    setCounter(QStringLiteral("spansLost"), tr("%1 dropped, %2 queued").arg(formatCount(e.spans.dropped()), formatCount(e.spans.queued)));
    setCounter(QStringLiteral("received"),
               m_session->hasAgent() ? tr("%1 spans, %2 points, %3 violations").arg(formatCount(agent.spans), formatCount(agent.points), formatCount(agent.violationCount()))
                                     : tr("(another agent)"));
    setCounter(QStringLiteral("points"), tr("%1 generated, %2 written, %3 sent, %4 dropped")
                                             .arg(formatCount(e.points.generated), formatCount(e.points.written),
                                                  formatCount(e.points.sent), formatCount(e.points.dropped())));
    setCounter(QStringLiteral("bytes"), tr("%1 serialized, %2 on the wire").arg(formatMegabytes(e.bytesUncompressed), formatMegabytes(e.bytesWire)));
    setCounter(QStringLiteral("ratio"), e.wireMeasured ? QLocale().toString(e.compressionRatio(), 'f', 2) + QStringLiteral(" : 1")
                                                       : tr("not measured"));
    setCounter(QStringLiteral("reconnections"), tr("%1 of %2 attempts").arg(formatCount(e.reconnections), formatCount(e.reconnectionAttempts)));
    // Of the exporter's own time (the drain at the stop included), not the load's.
    const double connected = e.secondsIn[std::size_t(ConnectionState::Connected)];
    const double total = connected + e.secondsIn[std::size_t(ConnectionState::Connecting)] + e.secondsIn[std::size_t(ConnectionState::Waiting)];
    setCounter(QStringLiteral("connected"), tr("%1 % of %2 s").arg(QLocale().toString(100.0 * connected / std::max(total, 1e-9), 'f', 1),
                                                                   QLocale().toString(total, 'f', 1)));
    setCounter(QStringLiteral("behind"), run.behindSchedule == 0 ? tr("never") : tr("%n tick(s)", nullptr, int(run.behindSchedule)));
    setCounter(QStringLiteral("error"), e.lastError.isEmpty() ? tr("none") : e.lastError);

    const auto connectedCount = std::count_if(run.connections.begin(), run.connections.end(),
                                              [](const ExporterSnapshot &c) { return c.state == ConnectionState::Connected; });
    const QString state = run.connections.size() > 1 ? tr("%1 of %2 connected").arg(connectedCount).arg(run.connections.size())
                                                     : connectionStateName(e.state);
    const QString stateText = QStringLiteral("<span style='color:%1'>●</span> %2%3")
                                  .arg(stateColor(e.state), state,
                                       m_session->isStopping() ? tr(" (stopping)") : run.paused ? tr(" (load paused)") : QString());
    if (stateText != m_ui->connectionState->text()) // rich text is laid out anew on every set
        m_ui->connectionState->setText(stateText);
    emit summaryChanged(tr("%1 · %2 spans written · %3 reconnections · ratio %4")
                            .arg(state, formatCount(e.spans.written), formatCount(e.reconnections), QLocale().toString(e.compressionRatio(), 'f', 2)));
}

void RunPage::updateControls()
{
    const bool running = isRunning();
    const bool stopping = running && m_session->isStopping();
    const bool paused = m_pause->isChecked();
    m_start->setEnabled(!running);
    m_pause->setEnabled(running && !stopping);
    m_pause->setText(paused ? tr("&Resume Load") : tr("&Pause Load"));
    m_pause->setIcon(paused ? QIcon::fromTheme(QStringLiteral("media-playback-start"), style()->standardIcon(QStyle::SP_MediaPlay))
                            : QIcon::fromTheme(QStringLiteral("media-playback-pause"), style()->standardIcon(QStyle::SP_MediaPause)));
    m_pause->setToolTip(paused ? tr("Resume the load where its profile's clock stood (F6)")
                               : tr("Pause the load: nothing new is made, the profile's clock stands still, the connection stays (F6)"));
    m_stop->setEnabled(running);
    m_stopNow->setEnabled(running);
    m_stop->setText(stopping ? tr("S&top Now") : tr("S&top Run"));
    m_stop->setToolTip(stopping ? tr("Cancel the streams now: what the agent has not confirmed is counted as cancelled at stop")
                                : tr("Stop the run and drain: what is queued is sent and the agent confirms it; the report stays "
                                     "on the Last report tab (Shift+F5). The arrow offers Stop Now."));
    m_ui->choices->setEnabled(!running);
    if (!running)
        m_ui->connectionState->setText(QStringLiteral("<span style='color:#888888'>●</span> %1").arg(tr("not running")));
}

void RunPage::saveChoices() const
{
    Settings::RunChoices c = Settings::runChoices(); // the recent addresses and thresholds are kept as they change
    c.sendTo = m_ui->target->currentData().toString();
    c.address = m_ui->address->currentText().trimmed();
    c.load = m_ui->load->currentData().toString();
    c.faultCycle = m_ui->faultCycle->isChecked();
    c.queueItems = std::size_t(m_ui->queueItems->value());
    c.queueMiB = std::size_t(m_ui->queueMiB->value());
    c.connections = m_ui->connections->value();
    c.caFile = m_ui->caFile->text();
    c.certFile = m_ui->certFile->text();
    c.keyFile = m_ui->keyFile->text();
    c.windowMinutes = m_ui->window->currentData().toInt();
    c.fidelity = m_ui->fidelity->currentData().toString();
    Settings::setRunChoices(c);
}

QString RunPage::defaultExportName(const QString &suffix, const QDateTime &when)
{
    return QStringLiteral("ocworkbench-run-%1.%2").arg(when.toString(QStringLiteral("yyyyMMdd-HHmmss")), suffix);
}

void RunPage::exportWith(const QString &title, const QString &filter, const QString &suffix,
                         const std::function<QString(const QString &)> &save)
{
    const QString proposed = QDir(Settings::lastDirectory()).filePath(defaultExportName(suffix, QDateTime::currentDateTime()));
    const QString path = QFileDialog::getSaveFileName(this, title, proposed, filter);
    if (path.isEmpty())
        return;
    const QString error = save(path);
    setMessage(error.isEmpty() ? tr("Saved %1").arg(path.toHtmlEscaped()) : error, !error.isEmpty());
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Not saved"), error);
}

void RunPage::onLastReportWritten()
{
    const QString error = m_lastReportWrite.result();
    if (error.isEmpty())
        return;
    // Not modal for the application: the run has ended, and the report is still on the Last report tab.
    openWarning(this, tr("Last report not kept"),
                tr("The last run's report could not be kept for the next session; it stays on the Last "
                   "report tab until the window closes, and Export > Run report as JSON can write it elsewhere.\n\n%1")
                    .arg(error),
                QStringLiteral("lastReportNotKept"));
}

QStringList RunPage::chartsHeading() const
{
    const RunCharts::Range range = m_charts->visibleRange();
    const QString target = m_session ? m_session->targetAddress() : m_lastReport.value(u"options").toObject().value(u"address").toString();
    const QString started = m_runStart.isValid() ? QLocale().toString(m_runStart, QLocale::LongFormat) : tr("(no run yet)");
    return {tr("OC Workbench run: %1 to %2").arg(m_runTitle.isEmpty() ? tr("no run") : m_runTitle, target.isEmpty() ? tr("no target") : target),
            tr("Seconds %1 to %2 of the run started %3").arg(QLocale().toString(range.from, 'f', 0), QLocale().toString(range.to, 'f', 0), started)};
}

QString RunPage::saveChartsPng(const QString &path) const
{
    return m_charts->savePng(path, chartsHeading());
}

QString RunPage::saveSeriesCsv(const QString &path) const
{
    return writeFileAtomically(path, m_history.toCsv());
}

QString RunPage::saveReportJson(const QString &path) const
{
    QJsonObject report = isRunning() ? m_session->report() : m_lastReport;
    if (report.isEmpty())
        return tr("There is no run to report yet.");
    if (!m_thresholds.empty()) {
        bool allPassed = true;
        report.insert(QStringLiteral("thresholds"), evaluateThresholds(m_thresholds, report, allPassed));
    }
    return writeFileAtomically(path, QJsonDocument(report).toJson(QJsonDocument::Indented), FileReaders::OwnerOnly);
}

} // namespace ocw
