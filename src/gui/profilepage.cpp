// SPDX-License-Identifier: Apache-2.0
#include "profilepage.h"
#include "ui_profilepage.h"

#include "jsonhighlighter.h"
#include "problemsmodel.h"
#include "profileform.h"
#include "timechart.h"

#include "atomicfile.h"
#include "config/configfile.h"
#include "config/documentedit.h"
#include "unixnanos.h"
#include "load/presetprofiles.h"
#include "load/metricgenerator.h"
#include "load/tracegenerator.h"

#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

namespace ocw {

namespace {

constexpr double kDefaultPreviewSeconds = 300; // five minutes when the profile runs until stopped

} // namespace

ProfilePage::ProfilePage(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ProfilePage>()), m_problems(new ProblemsModel(this))
{
    m_ui->setupUi(this);
    m_ui->presets->addItem(tr("Choose a preset…"));
    for (const PresetProfile &preset : presetProfiles())
        m_ui->presets->addItem(preset.title, preset.name);

    QPlainTextEdit *source = m_ui->profileSource;
    source->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new JsonHighlighter(source->document());
    m_ui->profileProblems->setModel(m_problems);
    m_ui->profileProblems->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents); // whole messages
    m_ui->left->setStretchFactor(0, 3);
    m_ui->left->setStretchFactor(1, 3);
    m_ui->left->setStretchFactor(2, 1);

    // The chart is drawn in code (Qt Charts stays inside TimeChart); the form keeps its place.
    m_rate = new TimeChart(QString());
    m_rate->setObjectName(QStringLiteral("ratePreview"));
    m_rateSeries = m_rate->addSeries(tr("rate"), palette().color(QPalette::Highlight));
    m_rate->setMinimumHeight(160);
    m_ui->chartHolder->addWidget(m_rate);
    m_ui->rightLayout->setStretchFactor(m_ui->chartHolder, 3);
    m_ui->rightLayout->setStretchFactor(m_ui->sampleTrace, 3);
    m_ui->rightLayout->setStretchFactor(m_ui->sampleMetrics, 2);
    // Names and numbers keep their width; the free text (attributes, values) takes what is left, elided.
    m_ui->sampleTrace->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->sampleTrace->header()->setSectionResizeMode(4, QHeaderView::Stretch);
    m_ui->sampleMetrics->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->sampleMetrics->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_ui->split->setStretchFactor(0, 1);
    m_ui->split->setStretchFactor(1, 1);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(200);
    connect(&m_debounce, &QTimer::timeout, this, &ProfilePage::revalidate);
    connect(source, &QPlainTextEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(source->document(), &QTextDocument::modificationChanged, this, &ProfilePage::updateOrigin);
    connect(form(), &ProfileForm::valueEdited, this, &ProfilePage::applyFormEdit);
    connect(m_ui->presets, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            openPreset(m_ui->presets->itemData(index).toString());
        updateOrigin(); // the list shows what is loaded, also after a cancel
    });
    connect(m_ui->openButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open load profile"), QString(), tr("Load profile (*.json)"));
        if (path.isEmpty())
            return;
        if (const QString error = openFile(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot open"), error);
    });
    connect(m_ui->saveAsButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save load profile"), m_filePath, tr("Load profile (*.json)"));
        if (path.isEmpty())
            return;
        if (const QString error = saveTo(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Cannot save"), error);
    });
    connect(m_ui->profileProblems, &QTableView::clicked, this, [this](const QModelIndex &index) {
        const Diagnostic d = index.data(ProblemsModel::DiagnosticRole).value<Diagnostic>();
        const QTextBlock block = sourceEditor()->document()->findBlockByNumber(d.line - 1);
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + std::min(d.column - 1, block.length() - 1));
        sourceEditor()->setTextCursor(cursor);
        sourceEditor()->setFocus();
    });
    openPreset(QString::fromLatin1(DemoPreset));
}

ProfilePage::~ProfilePage()
{
    // QWidget deletes the children after this object's members are gone: they must not call back into them.
    disconnect(sourceEditor()->document(), nullptr, this, nullptr);
}

QPlainTextEdit *ProfilePage::sourceEditor() const
{
    return m_ui->profileSource;
}

QTreeWidget *ProfilePage::sampleTrace() const
{
    return m_ui->sampleTrace;
}

QTreeWidget *ProfilePage::sampleMetrics() const
{
    return m_ui->sampleMetrics;
}

ProfileForm *ProfilePage::form() const
{
    return m_ui->form;
}

QString ProfilePage::openFile(const QString &path)
{
    const ConfigFile::ReadResult read = ConfigFile::read(path);
    if (!read.ok())
        return read.error;
    if (!confirmDiscard(QFileInfo(path).fileName()))
        return QString();
    m_filePath = path;
    m_presetName.clear();
    setText(read.bytes, tr("File: %1").arg(QFileInfo(path).fileName()));
    return QString();
}

QString ProfilePage::saveTo(const QString &path)
{
    if (const QString error = writeFileAtomically(path, sourceEditor()->toPlainText().toUtf8()); !error.isEmpty())
        return error;
    m_filePath = path;
    m_presetName.clear();
    m_origin = tr("File: %1").arg(QFileInfo(path).fileName());
    sourceEditor()->document()->setModified(false);
    updateOrigin();
    return QString();
}

QString ProfilePage::origin() const
{
    return isModified() ? tr("%1 (edited)").arg(m_origin) : m_origin;
}

bool ProfilePage::isModified() const
{
    return sourceEditor()->document()->isModified();
}

bool ProfilePage::confirmDiscard(const QString &replacement)
{
    if (!isModified())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Discard the profile's edits?"),
                    tr("The profile has edits that are not saved. Open %1 and lose them?").arg(replacement),
                    QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("discardProfileEdits"));
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Discard;
}

void ProfilePage::setText(const QByteArray &json, const QString &origin)
{
    m_origin = origin;
    sourceEditor()->setPlainText(QString::fromUtf8(json));
    sourceEditor()->document()->setModified(false);
    updateOrigin();
    revalidate();
}

void ProfilePage::updateOrigin()
{
    m_ui->profileOrigin->setText(origin());
    m_ui->profileOrigin->setToolTip(m_filePath.isEmpty() ? origin() : m_filePath);
    m_ui->presets->setCurrentIndex(std::max(m_ui->presets->findData(m_presetName), 0));
}

bool ProfilePage::hasErrors() const
{
    const Diagnostics &all = m_problems->diagnostics();
    return std::any_of(all.begin(), all.end(), [](const Diagnostic &d) { return d.isError(); });
}

void ProfilePage::validateNow()
{
    if (m_debounce.isActive())
        revalidate();
}

void ProfilePage::openPreset(const QString &name)
{
    const QByteArray json = presetProfileJson(name);
    const auto preset = std::find_if(presetProfiles().begin(), presetProfiles().end(),
                                     [&](const PresetProfile &p) { return p.name == name; });
    if (json.isEmpty() || !confirmDiscard(tr("the preset %1").arg(preset->title)))
        return;
    m_filePath.clear();
    m_presetName = name;
    setText(json, tr("Preset: %1").arg(preset->title));
}

void ProfilePage::applyFormEdit(const QString &pointer, const QByteArray &json)
{
    // The same minimal text edit as the config workbench makes: only the value's bytes change, and it
    // is one step in the editor's undo history.
    const QByteArray bytes = sourceEditor()->toPlainText().toUtf8();
    const EditResult result = setValueEdit(SourceJson::parse(bytes), pointer, json);
    if (!result.edit || result.edit->changesNothing(bytes))
        return; // a syntax error (the problems list says where), or a field left as it was
    QTextCursor cursor(sourceEditor()->document());
    cursor.setPosition(int(QString::fromUtf8(bytes.left(result.edit->offset)).size()));
    cursor.setPosition(int(QString::fromUtf8(bytes.left(result.edit->offset + result.edit->length)).size()), QTextCursor::KeepAnchor);
    cursor.insertText(QString::fromUtf8(result.edit->text));
    revalidate();
}

void ProfilePage::revalidate()
{
    m_debounce.stop();
    const LoadProfileResult result = parseLoadProfile(sourceEditor()->toPlainText().toUtf8());
    m_problems->setDiagnostics(result.diagnostics);
    m_ui->profileProblems->setVisible(!result.diagnostics.isEmpty());
    emit problemsChanged();
    if (!result.profile)
        return; // keep the last good preview beside the problems
    m_profile = result.profile;
    form()->showProfile(*m_profile);
    const double seconds = m_profile->durationSeconds > 0 ? m_profile->durationSeconds : kDefaultPreviewSeconds;
    showRate(m_profile->rate, seconds, m_profile->rateUnit == LoadProfile::RateUnit::Spans ? tr("spans / s") : tr("traces / s"));
    showSample(*m_profile, seconds);
    emit profileChanged();
}

void ProfilePage::showRate(const RateShape &shape, double seconds, const QString &unit)
{
    // Two samples a pixel: finer detail could not be seen, and the series stays small.
    const int samples = 2 * m_rate->plotWidth();
    QList<QPointF> points;
    points.reserve(samples + 1);
    for (int i = 0; i <= samples; ++i) {
        const double t = seconds * i / samples;
        points.append(QPointF(t, shape.at(t)));
    }
    m_rate->setTimeRange(0, seconds);
    m_rate->setPoints(m_rateSeries, points);
    m_rate->setAxisTitles(unit);
}

void ProfilePage::showSample(const LoadProfile &profile, double seconds)
{
    sampleTrace()->clear();
    MetricGenerator metrics(profile.metrics.empty() ? gatewayViews() : profile.metrics, profile.seed, 0);
    // A report after ten seconds of the profile's clock, as a run would send it.
    sampleMetrics()->clear();
    for (const auto &metric : metrics.report(10.0, 10000000000LL)) {
        const auto &d = metric.metric_descriptor();
        QString value;
        if (metric.timeseries_size() > 0 && metric.timeseries(0).points_size() > 0) {
            const auto &p = metric.timeseries(0).points(0);
            if (p.has_distribution_value())
                value = tr("count %1, mean %2").arg(p.distribution_value().count())
                            .arg(p.distribution_value().count() ? p.distribution_value().sum() / double(p.distribution_value().count()) : 0.0, 0, 'f', 2);
            else if (p.has_summary_value())
                value = tr("count %1, p99 %2").arg(p.summary_value().count().value())
                            .arg(p.summary_value().snapshot().percentile_values_size() ? p.summary_value().snapshot().percentile_values(2).value() : 0.0, 0, 'f', 2);
            else if (p.value_case() == p.kInt64Value)
                value = QString::number(p.int64_value());
            else
                value = QString::number(p.double_value(), 'f', 2);
        }
        auto *item = new QTreeWidgetItem(sampleMetrics(), {QString::fromStdString(d.name()),
                                                     QString::fromStdString(opencensus::proto::metrics::v1::MetricDescriptor::Type_Name(d.type())).toLower(),
                                                     QString::number(metric.timeseries_size()), value});
        item->setToolTip(0, QString::fromStdString(d.description()));
    }
    const QString metricText = tr("%1 metrics, %2 time series a report%3")
                                   .arg(profile.metrics.empty() ? 2 : int(profile.metrics.size()))
                                   .arg(metrics.seriesCount())
                                   .arg(profile.metrics.empty() ? tr(" (the gateway's HTTP views)") : QString());
    bool makesTraces = false;
    for (int i = 0; i <= 1000 && !makesTraces; ++i)
        makesTraces = profile.rate.at(seconds * i / 1000) > 0;
    if (!makesTraces) {
        m_ui->profileSummary->setText(tr("No traces: the rate is 0 all run long · %1").arg(metricText));
        return;
    }
    // One trace, made exactly as a run would make it, and the average size over a few more.
    TraceGenerator generator(profile.traces, profile.seed);
    EncodedSpans spans;
    std::size_t total = 0;
    constexpr int kSampleTraces = 20;
    for (int i = 0; i < kSampleTraces; ++i) {
        EncodedSpans one;
        total += generator.appendTrace(i == 0 ? spans : one, 0);
    }
    opencensus::proto::agent::trace::v1::ExportTraceServiceRequest request;
    request.ParseFromArray(spans.data(), int(spans.byteSize()));
    std::map<std::string, QTreeWidgetItem *> items;
    // Parents end last, so they come after their children: place them first, children under them.
    for (int i = request.spans_size() - 1; i >= 0; --i) {
        const auto &s = request.spans(i);
        const auto parent = items.find(s.parent_span_id());
        auto *item = parent == items.end() ? new QTreeWidgetItem(sampleTrace()) : new QTreeWidgetItem(parent->second);
        item->setText(0, QString::fromStdString(s.name().value()));
        item->setText(1, s.kind() == 1 ? tr("server") : s.kind() == 2 ? tr("client") : QString());
        item->setText(2, QString::number(double(unixNanos(s.start_time())) / 1e6, 'f', 2));
        item->setText(3, QString::number(double(unixNanos(s.end_time()) - unixNanos(s.start_time())) / 1e6, 'f', 2));
        QStringList attributes;
        for (const auto &[key, value] : s.attributes().attribute_map())
            attributes << QString::fromStdString(key);
        attributes.sort();
        item->setText(4, attributes.join(QStringLiteral(", ")));
        item->setToolTip(4, item->text(4));
        if (s.status().code() != 0)
            item->setForeground(0, QColor(0xd3, 0x2f, 0x2f));
        items[s.span_id()] = item;
    }
    sampleTrace()->expandAll();
    m_ui->profileSummary->setText(tr("%1 spans a trace on average (over %2 sample traces) · %3")
                           .arg(double(total) / kSampleTraces, 0, 'f', 1)
                           .arg(kSampleTraces)
                           .arg(metricText));
}

} // namespace ocw
