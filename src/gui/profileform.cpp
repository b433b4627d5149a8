// SPDX-License-Identifier: Apache-2.0
#include "profileform.h"
#include "ui_profileform.h"

#include "rateshapeeditor.h"

#include "config/jsonformat.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>

namespace ocw {

namespace {

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

} // namespace

ProfileForm::ProfileForm(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ProfileForm>())
{
    m_ui->setupUi(this);
    m_ui->profileUnit->addItem(tr("traces a second"), QStringLiteral("traces"));
    m_ui->profileUnit->addItem(tr("spans a second"), QStringLiteral("spans"));
    m_ui->profilePreset->addItem(tr("KrakenD: router > pipe > backends"), QStringLiteral("krakend"));
    m_ui->profilePreset->addItem(tr("Custom trees"), QStringLiteral("custom"));

    // Each edit is one pointer and one JSON value.
    connect(m_ui->profileName, &QLineEdit::editingFinished, this, [this] {
        if (m_ui->profileName->isModified())
            emit valueEdited(QStringLiteral("/name"), quoteJson(m_ui->profileName->text()));
        m_ui->profileName->setModified(false);
    });
    const auto onValue = [this](auto *box, const QString &pointer, auto toJson) {
        connect(box, &std::remove_pointer_t<decltype(box)>::editingFinished, this, [this, box, pointer, toJson] {
            if (!m_updating)
                emit valueEdited(pointer, toJson(box->value()));
        });
    };
    onValue(m_ui->profileSeed, QStringLiteral("/seed"), [](int v) { return QByteArray::number(v); });
    onValue(m_ui->profileDuration, QStringLiteral("/duration_s"), [](double v) { return number(v); });
    onValue(m_ui->depth, QStringLiteral("/traces/depth"), [](int v) { return QByteArray::number(v); });
    onValue(m_ui->medianMs, QStringLiteral("/traces/duration_ms/median"), [](double v) { return number(v); });
    onValue(m_ui->p99Ms, QStringLiteral("/traces/duration_ms/p99"), [](double v) { return number(v); });
    onValue(m_ui->errorRatio, QStringLiteral("/traces/error_ratio"), [](double v) { return number(v); });
    const auto onRange = [this](QSpinBox *min, QSpinBox *max, const QString &pointer) {
        for (QSpinBox *box : {min, max}) {
            connect(box, &QSpinBox::editingFinished, this, [this, min, max, pointer] {
                if (!m_updating)
                    emit valueEdited(pointer, "{\"min\": " + QByteArray::number(min->value()) + ", \"max\": "
                                                  + QByteArray::number(std::max(min->value(), max->value())) + '}');
            });
        }
    };
    onRange(m_ui->backendsMin, m_ui->backendsMax, QStringLiteral("/traces/backends"));
    onRange(m_ui->fanOutMin, m_ui->fanOutMax, QStringLiteral("/traces/fan_out"));
    const auto onChoice = [this](QComboBox *box, const QString &pointer) {
        connect(box, &QComboBox::activated, this, [this, box, pointer] {
            if (!m_updating)
                emit valueEdited(pointer, quoteJson(box->currentData().toString()));
        });
    };
    onChoice(m_ui->profileUnit, QStringLiteral("/rate/unit"));
    connect(m_ui->rateShape, &RateShapeEditor::shapeEdited, this,
            [this](const QByteArray &json) { emit valueEdited(QStringLiteral("/rate/shape"), json); });
    onChoice(m_ui->profilePreset, QStringLiteral("/traces/preset"));
}

ProfileForm::~ProfileForm() = default;

RateShapeEditor *ProfileForm::rateShape() const
{
    return m_ui->rateShape;
}

void ProfileForm::showProfile(const LoadProfile &p)
{
    m_updating = true;
    if (!m_ui->profileName->hasFocus())
        m_ui->profileName->setText(p.name);
    m_ui->profileSeed->setValue(int(std::min<std::uint64_t>(p.seed, std::uint64_t(std::numeric_limits<int>::max()))));
    m_ui->profileDuration->setValue(p.durationSeconds);
    m_ui->profileUnit->setCurrentIndex(p.rateUnit == LoadProfile::RateUnit::Spans ? 1 : 0);
    m_ui->rateShape->showShape(p.rate);
    const TraceShape &t = p.traces;
    m_ui->profilePreset->setCurrentIndex(t.preset == TraceShape::Preset::Custom ? 1 : 0);
    m_ui->backendsMin->setValue(t.backends.min);
    m_ui->backendsMax->setValue(t.backends.max);
    m_ui->depth->setValue(t.depth.max);
    m_ui->fanOutMin->setValue(t.fanOut.min);
    m_ui->fanOutMax->setValue(t.fanOut.max);
    m_ui->medianMs->setValue(t.durationMedianMs);
    m_ui->p99Ms->setValue(t.durationP99Ms);
    m_ui->errorRatio->setValue(t.errorRatio);
    const bool krakend = t.preset == TraceShape::Preset::KrakenD;
    m_ui->backendsMin->setEnabled(krakend);
    m_ui->backendsMax->setEnabled(krakend);
    m_ui->depth->setEnabled(!krakend);
    m_ui->fanOutMin->setEnabled(!krakend);
    m_ui->fanOutMax->setEnabled(!krakend);
    m_updating = false;
}

} // namespace ocw
