// SPDX-License-Identifier: Apache-2.0
#include "runpage.h"

#include "configworkbench.h"
#include "profilepage.h"
#include "runcharts.h"
#include "settings.h"
#include "warningbox.h"

#include "atomicfile.h"
#include "config/configfile.h"
#include "load/presetprofiles.h"
#include "run/quantityformat.h"
#include "run/runconfig.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHeaderView>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ocw {

namespace {

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
    : QWidget(parent), m_config(config), m_profiles(profiles)
{
    setObjectName(QStringLiteral("runPage"));
    m_start = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-start"), style()->standardIcon(QStyle::SP_MediaPlay)),
                          tr("&Start Run"), this);
    m_start->setShortcut(Qt::Key_F5);
    m_start->setToolTip(tr("Start sending the load (F5)"));
    m_pause = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-pause"), style()->standardIcon(QStyle::SP_MediaPause)),
                          tr("&Pause Load"), this);
    m_pause->setCheckable(true);
    m_pause->setShortcut(Qt::Key_F6);
    m_pause->setToolTip(tr("Pause the load: nothing new is made, the profile's clock stands still, the connection stays (F6)"));
    m_stop = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-stop"), style()->standardIcon(QStyle::SP_MediaStop)),
                         tr("S&top Run"), this);
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stop->setToolTip(tr("Stop the run; its report stays on the Last report tab (Shift+F5)"));
    connect(m_start, &QAction::triggered, this, [this] { start(); });
    connect(m_pause, &QAction::toggled, this, &RunPage::setPaused);
    connect(m_stop, &QAction::triggered, this, &RunPage::stop);

    QWidget *choices = createChoices();
    QWidget *controls = createControls(); // before the charts: they start with its window
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    auto *live = new QWidget;
    auto *liveLayout = new QVBoxLayout(live);
    liveLayout->setContentsMargins(0, 4, 0, 0);
    liveLayout->addWidget(createCharts(), 1);
    m_tabs->addTab(live, tr("Live"));
    m_reportView = new QPlainTextEdit;
    m_reportView->setObjectName(QStringLiteral("lastReport"));
    m_reportView->setReadOnly(true);
    m_reportView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_reportView->setPlaceholderText(tr("The report of the last run appears here when it stops."));
    m_tabs->addTab(m_reportView, tr("Last report"));

    showLastReport(readLastReport());
    connect(&m_lastReportWatcher, &QFutureWatcher<QString>::finished, this, &RunPage::onLastReportWritten);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(choices);
    layout->addWidget(controls);
    layout->addWidget(m_tabs, 1);
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

QWidget *RunPage::createChoices()
{
    const Settings::RunChoices choices = Settings::runChoices();
    m_target = new QComboBox;
    m_target->setObjectName(QStringLiteral("target"));
    m_target->addItem(tr("The embedded agent (in this window)"), true);
    m_target->addItem(tr("The config's address"), false);
    m_target->setCurrentIndex(choices.embeddedAgent ? 0 : 1);
    m_target->setToolTip(tr("Where the exporter sends: an agent inside the workbench, or the address, TLS and headers of "
                            "the config's ocagent exporter."));
    m_load = new QComboBox;
    m_load->setObjectName(QStringLiteral("load"));
    for (const PresetProfile &preset : presetProfiles())
        m_load->addItem(tr("Preset: %1").arg(preset.title), preset.name);
    m_load->addItem(tr("The load profile page's profile"), QString());
    m_load->setCurrentIndex(std::max(0, m_load->findData(choices.load)));
    m_seed = new QSpinBox;
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setToolTip(tr("The same profile and seed make the same ids, names and values"));
    const auto showProfileSeed = [this] {
        const QString preset = m_load->currentData().toString();
        const std::optional<LoadProfile> profile = preset.isEmpty() ? m_profiles->profile() : presetProfile(preset);
        if (profile)
            m_seed->setValue(int(std::min<std::uint64_t>(profile->seed, std::uint64_t(m_seed->maximum()))));
    };
    connect(m_load, &QComboBox::currentIndexChanged, this, showProfileSeed);
    showProfileSeed();

    m_queueItems = new QSpinBox;
    m_queueItems->setRange(100, 10'000'000);
    m_queueItems->setSingleStep(10000);
    m_queueItems->setGroupSeparatorShown(true);
    m_queueItems->setValue(int(choices.queueItems));
    m_queueItems->setSuffix(tr(" items"));
    m_queueItems->setToolTip(tr("Spans and metric points that may wait to be sent; more are dropped and counted"));
    m_queueMiB = new QSpinBox;
    m_queueMiB->setRange(1, 4096);
    m_queueMiB->setValue(int(choices.queueMiB));
    m_queueMiB->setSuffix(tr(" MiB"));
    m_queueMiB->setToolTip(tr("The queue's limit in serialized bytes"));

    const auto fileEdit = [this](const QString &placeholder, const QString &value, const QString &tip) {
        auto *edit = new QLineEdit(value);
        edit->setPlaceholderText(placeholder);
        edit->setToolTip(tip);
        edit->setClearButtonEnabled(true);
        QAction *browse = edit->addAction(style()->standardIcon(QStyle::SP_DirOpenIcon), QLineEdit::TrailingPosition);
        browse->setToolTip(tr("Choose a PEM file"));
        connect(browse, &QAction::triggered, edit, [this, edit] {
            const QString path = QFileDialog::getOpenFileName(this, tr("PEM file"), Settings::lastDirectory(), tr("PEM (*.pem *.crt *.key);;All files (*)"));
            if (!path.isEmpty())
                edit->setText(path);
        });
        return edit;
    };
    m_caFile = fileEdit(tr("CA: the system's roots"), choices.caFile, tr("PEM roots to trust when the config says insecure: false"));
    m_certFile = fileEdit(tr("Client certificate (mTLS)"), choices.certFile, tr("PEM client certificate, for agents that ask for one"));
    m_keyFile = fileEdit(tr("Client key"), choices.keyFile, tr("PEM key of the client certificate"));
    m_faultCycle = new QCheckBox(tr("Agent faults on a cycle"));
    m_faultCycle->setObjectName(QStringLiteral("faultCycle"));
    m_faultCycle->setChecked(choices.faultCycle);
    const SessionOptions::FaultTimes faults;
    m_faultCycle->setToolTip(tr("The embedded agent ends every stream at %1 s, then every %2 s alternately refuses "
                                "connections for %3 s or ends the streams: reconnections to watch")
                                 .arg(faults.first.count() / 1000)
                                 .arg(faults.every.count() / 1000)
                                 .arg(double(faults.refusal.count()) / 1000.0));
    const auto targetChanged = [this] {
        const bool embedded = m_target->currentData().toBool();
        m_faultCycle->setEnabled(embedded);
        for (QLineEdit *edit : {m_caFile, m_certFile, m_keyFile})
            edit->setEnabled(!embedded);
    };
    connect(m_target, &QComboBox::currentIndexChanged, this, targetChanged);
    targetChanged();

    m_fidelity = new QComboBox;
    m_fidelity->setObjectName(QStringLiteral("fidelity"));
    m_fidelity->addItem(tr("As KrakenD's exporter does"), fidelityName(Fidelity::Krakend));
    m_fidelity->addItem(tr("Improved"), fidelityName(Fidelity::Improved));
    m_fidelity->setCurrentIndex(std::max(0, m_fidelity->findData(choices.fidelity)));
    m_fidelity->setToolTip(tr("As KrakenD's exporter does, quirks included: the headers go on the trace stream only (an "
                              "agent that requires them refuses the metrics stream, and each refused metrics send takes the "
                              "connection down); what is made while disconnected is dropped. Improved: headers on every "
                              "stream, and what is made while disconnected is queued and sent after the reconnection."));

    auto *box = new QGroupBox(tr("Run"));
    m_choices = box;
    auto *grid = new QGridLayout(box);
    grid->addWidget(new QLabel(tr("Send to")), 0, 0);
    grid->addWidget(m_target, 0, 1);
    grid->addWidget(new QLabel(tr("Load")), 0, 2);
    grid->addWidget(m_load, 0, 3);
    grid->addWidget(new QLabel(tr("Seed")), 0, 4);
    grid->addWidget(m_seed, 0, 5);
    grid->addWidget(m_faultCycle, 0, 6);
    grid->addWidget(new QLabel(tr("Queue")), 1, 0);
    auto *queue = new QHBoxLayout;
    queue->addWidget(m_queueItems);
    queue->addWidget(m_queueMiB);
    grid->addLayout(queue, 1, 1);
    grid->addWidget(new QLabel(tr("TLS")), 1, 2);
    auto *tls = new QHBoxLayout;
    tls->addWidget(m_caFile);
    tls->addWidget(m_certFile);
    tls->addWidget(m_keyFile);
    grid->addLayout(tls, 1, 3, 1, 4);
    grid->addWidget(new QLabel(tr("Exporter")), 2, 0);
    grid->addWidget(m_fidelity, 2, 1);
    grid->setColumnStretch(3, 1);
    return box;
}

QWidget *RunPage::createControls()
{
    const auto button = [](QAction *action) {
        auto *b = new QToolButton;
        b->setDefaultAction(action);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        return b;
    };
    m_state = new QLabel;
    m_state->setObjectName(QStringLiteral("connectionState"));
    m_state->setTextFormat(Qt::RichText);
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("runMessage"));
    m_message->setWordWrap(true);
    // Two lines, always: a message that wraps differently must not lay the page and its charts out again
    // (that alone stalls the UI thread for tens of milliseconds on Start and Stop).
    m_message->setFixedHeight(2 * m_message->fontMetrics().lineSpacing() + 2);
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_window = new QComboBox;
    m_window->setObjectName(QStringLiteral("window"));
    for (const int minutes : {1, 5, 15, 60})
        m_window->addItem(tr("%n minute(s)", nullptr, minutes), minutes);
    m_window->setCurrentIndex(std::max(0, m_window->findData(Settings::runChoices().windowMinutes)));
    m_window->setToolTip(tr("How much of the run the charts show"));
    connect(m_window, &QComboBox::currentIndexChanged, this,
            [this] { m_charts->setWindowSeconds(m_window->currentData().toInt() * 60.0); });
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
    auto *exportButton = new QToolButton;
    exportButton->setText(tr("Export"));
    exportButton->setIcon(QIcon::fromTheme(QStringLiteral("document-save-as"), style()->standardIcon(QStyle::SP_DialogSaveButton)));
    exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(exportButton);
    menu->addAction(tr("Charts as PNG…"), this, [this] {
        exportWith(tr("Save the charts"), tr("PNG image (*.png)"), QStringLiteral("png"), [this](const QString &p) { return saveChartsPng(p); });
    });
    menu->addAction(tr("Series as CSV…"), this, [this] {
        exportWith(tr("Save the series"), tr("CSV (*.csv)"), QStringLiteral("csv"), [this](const QString &p) { return saveSeriesCsv(p); });
    });
    menu->addAction(tr("Run report as JSON…"), this, [this] {
        exportWith(tr("Save the run report"), tr("JSON (*.json)"), QStringLiteral("json"), [this](const QString &p) { return saveReportJson(p); });
    });
    exportButton->setMenu(menu);

    auto *bar = new QWidget;
    auto *rows = new QVBoxLayout(bar);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->setSpacing(2);
    auto *row = new QHBoxLayout;
    rows->addLayout(row);
    rows->addWidget(m_message); // the whole width: room for a full sentence in two lines
    row->addWidget(button(m_start));
    row->addWidget(button(m_pause));
    row->addWidget(button(m_stop));
    row->addSpacing(12);
    row->addWidget(m_state);
    row->addStretch(1);
    row->addWidget(new QLabel(tr("Show")));
    row->addWidget(m_window);
    row->addWidget(button(m_follow));
    row->addWidget(button(m_freeze));
    row->addWidget(exportButton);
    return bar;
}

QWidget *RunPage::createCharts()
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
    m_charts->setWindowSeconds(m_window->currentData().toInt() * 60.0);
    connect(m_follow, &QAction::triggered, m_charts, &RunCharts::followRun);
    connect(m_charts, &RunCharts::followingChanged, m_follow, [this](bool following) { m_follow->setEnabled(!following); });
    return m_charts;
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

QString RunPage::start()
{
    if (isRunning())
        return {};
    const bool embedded = m_target->currentData().toBool();
    std::shared_ptr<const ConfigAnalysis> analysis = m_config->currentAnalysis();
    const bool usable = analysis->config.ocagent && !analysis->hasErrors();
    QString note;
    if (!usable && embedded) {
        // The embedded agent needs no address; the bundled example's exporter settings stand in.
        analysis = std::make_shared<const ConfigAnalysis>(analyzeConfig(demoConfig()));
        note = tr("The open config has no usable ocagent exporter, so the run uses the bundled example's settings. ");
    }
    RunSettings settings;
    settings.fidelity = fidelityFromName(m_fidelity->currentData().toString()).value_or(Fidelity::Krakend);
    settings.maxQueueItems = std::size_t(m_queueItems->value());
    settings.maxQueueBytes = std::size_t(m_queueMiB->value()) * 1024 * 1024;
    if (!embedded) {
        settings.caFile = m_caFile->text();
        settings.certFile = m_certFile->text();
        settings.keyFile = m_keyFile->text();
    }
    RunOptionsResult built = runOptionsFromConfig(*analysis, settings, DemoSpansPerSecond);
    QString error = built.error;
    const QString preset = m_load->currentData().toString();
    if (preset.isEmpty())
        m_profiles->validateNow();
    const std::optional<LoadProfile> profile = preset.isEmpty() ? m_profiles->profile() : presetProfile(preset);
    if (error.isEmpty() && (!profile || (preset.isEmpty() && m_profiles->hasErrors())))
        error = tr("The load profile page's profile has errors; fix them (its problems list says where) or choose a preset.");
    SessionOptions options;
    if (error.isEmpty()) {
        options.run = *built.options;
        options.run.profile = profile;
        options.run.seed = std::uint64_t(m_seed->value());
        options.embeddedAgent = embedded;
        options.faultCycle = embedded && m_faultCycle->isChecked();
        auto session = std::make_unique<RunSession>(options);
        connect(session.get(), &RunSession::tick, this, &RunPage::onTick);
        connect(session.get(), &RunSession::finished, this, &RunPage::onFinished);
        const QString what = note + tr("Sending %1 to %2%3.").arg(profile->name.toHtmlEscaped(), QStringLiteral("%1"),
                                                                  options.faultCycle ? tr(", with the agent's faults on a cycle") : QString());
        RunSession *raw = session.get(); // started() may come before start() returns
        connect(raw, &RunSession::started, this, [this, raw, what] { m_message->setText(what.arg(raw->targetAddress())); });
        error = session->start();
        if (error.isEmpty())
            m_session = std::move(session);
    }
    if (!error.isEmpty()) {
        m_message->setText(QStringLiteral("<span style='color:#d23c3c'>%1</span>").arg(error.toHtmlEscaped()));
        return error;
    }
    m_history.clear();
    m_charts->followRun();
    m_message->setText(tr("Starting…"));
    m_tabs->setCurrentIndex(0);
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
        m_session->requestStop(std::chrono::milliseconds(0));
        return;
    }
    m_session->requestStop(); // finished() follows once the exporter has drained and the agent stopped
    m_message->setText(tr("Stopping: sending what is queued and waiting for the agent to confirm it (at most %1 s); "
                          "Stop again to cancel at once.")
                           .arg(QLocale().toString(double(m_session->drainTimeout().count()) / 1000.0)));
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
    m_target->setCurrentIndex(0);
    m_load->setCurrentIndex(std::max(0, m_load->findData(QLatin1String(DemoPreset))));
    m_faultCycle->setChecked(true);
}

void RunPage::onTick(const RunSnapshot &run, const AgentSnapshot &agent)
{
    m_history.add(run, m_session->hasAgent() ? &agent : nullptr);
    showCounters(run, agent);
    // Hidden or frozen charts cost nothing; the history still grows, so they are whole when shown again.
    if (isVisible() && !m_freeze->isChecked())
        m_charts->redrawNext();
}

void RunPage::onFinished()
{
    if (const QString error = m_session->startError(); !error.isEmpty()) {
        m_message->setText(QStringLiteral("<span style='color:#d23c3c'>%1</span>").arg(error.toHtmlEscaped()));
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
    m_message->setText(message + u' ' + tr("The report is on the Last report tab."));
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
    m_reportView->setPlainText(report.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented)));
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

    const QString state = connectionStateName(e.state);
    const QString stateText = QStringLiteral("<span style='color:%1'>●</span> %2%3")
                                  .arg(stateColor(e.state), state,
                                       m_session->isStopping() ? tr(" (stopping)") : run.paused ? tr(" (load paused)") : QString());
    if (stateText != m_state->text()) // rich text is laid out anew on every set
        m_state->setText(stateText);
    emit summaryChanged(tr("%1 · %2 spans written · %3 reconnections · ratio %4")
                            .arg(state, formatCount(e.spans.written), formatCount(e.reconnections), QLocale().toString(e.compressionRatio(), 'f', 2)));
}

void RunPage::updateControls()
{
    const bool running = isRunning();
    const bool stopping = running && m_session->isStopping();
    m_start->setEnabled(!running);
    m_pause->setEnabled(running && !stopping);
    m_stop->setEnabled(running);
    m_stop->setText(stopping ? tr("S&top Now") : tr("S&top Run"));
    m_stop->setToolTip(stopping ? tr("Cancel the streams now: what the agent has not confirmed is counted as cancelled at stop")
                                : tr("Stop the run: what is queued is sent and the agent confirms it; the report stays on the "
                                     "Last report tab (Shift+F5)"));
    m_choices->setEnabled(!running);
    if (!running)
        m_state->setText(QStringLiteral("<span style='color:#888888'>●</span> %1").arg(tr("not running")));
}

void RunPage::saveChoices() const
{
    Settings::RunChoices c;
    c.embeddedAgent = m_target->currentData().toBool();
    c.load = m_load->currentData().toString();
    c.faultCycle = m_faultCycle->isChecked();
    c.queueItems = std::size_t(m_queueItems->value());
    c.queueMiB = std::size_t(m_queueMiB->value());
    c.caFile = m_caFile->text();
    c.certFile = m_certFile->text();
    c.keyFile = m_keyFile->text();
    c.windowMinutes = m_window->currentData().toInt();
    c.fidelity = m_fidelity->currentData().toString();
    Settings::setRunChoices(c);
}

void RunPage::exportWith(const QString &title, const QString &filter, const QString &suffix,
                         const std::function<QString(const QString &)> &save)
{
    const QString path = QFileDialog::getSaveFileName(this, title, QDir(Settings::lastDirectory()).filePath(QStringLiteral("ocworkbench-run.") + suffix), filter);
    if (path.isEmpty())
        return;
    const QString error = save(path);
    m_message->setText(error.isEmpty() ? tr("Saved %1").arg(path.toHtmlEscaped())
                                       : QStringLiteral("<span style='color:#d23c3c'>%1</span>").arg(error.toHtmlEscaped()));
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

QString RunPage::saveChartsPng(const QString &path) const
{
    return m_charts->savePng(path);
}

QString RunPage::saveSeriesCsv(const QString &path) const
{
    return writeFileAtomically(path, m_history.toCsv());
}

QString RunPage::saveReportJson(const QString &path) const
{
    const QJsonObject report = isRunning() ? m_session->report() : m_lastReport;
    if (report.isEmpty())
        return tr("There is no run to report yet.");
    return writeFileAtomically(path, QJsonDocument(report).toJson(QJsonDocument::Indented), FileReaders::OwnerOnly);
}

} // namespace ocw
