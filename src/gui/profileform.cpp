// SPDX-License-Identifier: Apache-2.0
#include "profileform.h"

#include "config/jsonformat.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ocw {

namespace {

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

} // namespace

ProfileForm::ProfileForm(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *general = new QGroupBox(tr("Profile"));
    auto *generalForm = new QFormLayout(general);
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("profileName"));
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("profileSeed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setToolTip(tr("The same profile and seed give the same spans and values, byte for byte."));
    m_duration = new QDoubleSpinBox;
    m_duration->setObjectName(QStringLiteral("profileDuration"));
    m_duration->setRange(0, 1e7);
    m_duration->setSuffix(tr(" s"));
    m_duration->setSpecialValueText(tr("until stopped"));
    m_unit = new QComboBox;
    m_unit->setObjectName(QStringLiteral("profileUnit"));
    m_unit->addItem(tr("traces a second"), QStringLiteral("traces"));
    m_unit->addItem(tr("spans a second"), QStringLiteral("spans"));
    m_unit->setToolTip(tr("What the rate shape counts."));
    generalForm->addRow(tr("Name:"), m_name);
    generalForm->addRow(tr("Seed:"), m_seed);
    generalForm->addRow(tr("Duration:"), m_duration);
    generalForm->addRow(tr("Rate counts:"), m_unit);
    layout->addWidget(general);

    auto *traces = new QGroupBox(tr("Traces"));
    auto *tracesForm = new QFormLayout(traces);
    m_preset = new QComboBox;
    m_preset->setObjectName(QStringLiteral("profilePreset"));
    m_preset->addItem(tr("KrakenD: router > pipe > backends"), QStringLiteral("krakend"));
    m_preset->addItem(tr("Custom trees"), QStringLiteral("custom"));
    const auto pair = [](QSpinBox *&min, QSpinBox *&max, int lowest, const char *name) {
        min = new QSpinBox;
        max = new QSpinBox;
        min->setRange(lowest, 64);
        max->setRange(lowest, 64);
        min->setObjectName(QString::fromLatin1(name) + QStringLiteral("Min"));
        max->setObjectName(QString::fromLatin1(name) + QStringLiteral("Max"));
        auto *row = new QHBoxLayout;
        row->addWidget(min);
        row->addWidget(max);
        return row;
    };
    tracesForm->addRow(tr("Shape:"), m_preset);
    tracesForm->addRow(tr("Backends (min, max):"), pair(m_backendsMin, m_backendsMax, 1, "backends"));
    m_depth = new QSpinBox;
    m_depth->setObjectName(QStringLiteral("depth"));
    m_depth->setRange(1, 32);
    tracesForm->addRow(tr("Custom depth:"), m_depth);
    tracesForm->addRow(tr("Custom fan-out (min, max):"), pair(m_fanOutMin, m_fanOutMax, 1, "fanOut"));
    m_medianMs = new QDoubleSpinBox;
    m_medianMs->setObjectName(QStringLiteral("medianMs"));
    m_p99Ms = new QDoubleSpinBox;
    m_p99Ms->setObjectName(QStringLiteral("p99Ms"));
    for (QDoubleSpinBox *box : {m_medianMs, m_p99Ms}) {
        box->setRange(0.001, 1e7);
        box->setSuffix(tr(" ms"));
    }
    auto *durationRow = new QHBoxLayout;
    durationRow->addWidget(m_medianMs);
    durationRow->addWidget(m_p99Ms);
    tracesForm->addRow(tr("Duration (median, p99):"), durationRow);
    m_errorRatio = new QDoubleSpinBox;
    m_errorRatio->setObjectName(QStringLiteral("errorRatio"));
    m_errorRatio->setRange(0, 1);
    m_errorRatio->setDecimals(3);
    m_errorRatio->setSingleStep(0.01);
    tracesForm->addRow(tr("Error ratio:"), m_errorRatio);
    layout->addWidget(traces);
    layout->addStretch();

    // Each edit is one pointer and one JSON value.
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        if (m_name->isModified())
            emit valueEdited(QStringLiteral("/name"), quoteJson(m_name->text()));
        m_name->setModified(false);
    });
    const auto onValue = [this](auto *box, const QString &pointer, auto toJson) {
        connect(box, &std::remove_pointer_t<decltype(box)>::editingFinished, this, [this, box, pointer, toJson] {
            if (!m_updating)
                emit valueEdited(pointer, toJson(box->value()));
        });
    };
    onValue(m_seed, QStringLiteral("/seed"), [](int v) { return QByteArray::number(v); });
    onValue(m_duration, QStringLiteral("/duration_s"), [](double v) { return number(v); });
    onValue(m_depth, QStringLiteral("/traces/depth"), [](int v) { return QByteArray::number(v); });
    onValue(m_medianMs, QStringLiteral("/traces/duration_ms/median"), [](double v) { return number(v); });
    onValue(m_p99Ms, QStringLiteral("/traces/duration_ms/p99"), [](double v) { return number(v); });
    onValue(m_errorRatio, QStringLiteral("/traces/error_ratio"), [](double v) { return number(v); });
    const auto onRange = [this](QSpinBox *min, QSpinBox *max, const QString &pointer) {
        for (QSpinBox *box : {min, max}) {
            connect(box, &QSpinBox::editingFinished, this, [this, min, max, pointer] {
                if (!m_updating)
                    emit valueEdited(pointer, "{\"min\": " + QByteArray::number(min->value()) + ", \"max\": "
                                                  + QByteArray::number(std::max(min->value(), max->value())) + '}');
            });
        }
    };
    onRange(m_backendsMin, m_backendsMax, QStringLiteral("/traces/backends"));
    onRange(m_fanOutMin, m_fanOutMax, QStringLiteral("/traces/fan_out"));
    const auto onChoice = [this](QComboBox *box, const QString &pointer) {
        connect(box, &QComboBox::activated, this, [this, box, pointer] {
            if (!m_updating)
                emit valueEdited(pointer, quoteJson(box->currentData().toString()));
        });
    };
    onChoice(m_unit, QStringLiteral("/rate/unit"));
    onChoice(m_preset, QStringLiteral("/traces/preset"));
}

ProfileForm::~ProfileForm() = default;

void ProfileForm::showProfile(const LoadProfile &p)
{
    m_updating = true;
    if (!m_name->hasFocus())
        m_name->setText(p.name);
    m_seed->setValue(int(std::min<std::uint64_t>(p.seed, std::uint64_t(std::numeric_limits<int>::max()))));
    m_duration->setValue(p.durationSeconds);
    m_unit->setCurrentIndex(p.rateUnit == LoadProfile::RateUnit::Spans ? 1 : 0);
    const TraceShape &t = p.traces;
    m_preset->setCurrentIndex(t.preset == TraceShape::Preset::Custom ? 1 : 0);
    m_backendsMin->setValue(t.backends.min);
    m_backendsMax->setValue(t.backends.max);
    m_depth->setValue(t.depth.max);
    m_fanOutMin->setValue(t.fanOut.min);
    m_fanOutMax->setValue(t.fanOut.max);
    m_medianMs->setValue(t.durationMedianMs);
    m_p99Ms->setValue(t.durationP99Ms);
    m_errorRatio->setValue(t.errorRatio);
    const bool krakend = t.preset == TraceShape::Preset::KrakenD;
    m_backendsMin->setEnabled(krakend);
    m_backendsMax->setEnabled(krakend);
    m_depth->setEnabled(!krakend);
    m_fanOutMin->setEnabled(!krakend);
    m_fanOutMax->setEnabled(!krakend);
    m_updating = false;
}

} // namespace ocw
