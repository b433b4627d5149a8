// SPDX-License-Identifier: Apache-2.0
#include "rateshapeeditor.h"

#include "load/loadprofile.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <array>

namespace ocw {

namespace {

constexpr int kTypingPauseMs = 300;
constexpr double kMaxRate = 1e9;     // as the profile reader allows
constexpr double kMaxSeconds = 1e7;

struct Parameter {
    const char *prefix;
    double minimum;
    double maximum;
    const char *suffix;
};

// What each kind's three numbers mean, in the order RateComponent keeps them (value, then to/amplitude/on,
// then seconds). Steps have a list instead.
struct KindInfo {
    RateComponent::Kind kind;
    const char *name;
    std::array<Parameter, 3> parameters;
    int count;
};

const std::array<KindInfo, 5> &kinds()
{
    static const std::array<KindInfo, 5> all{{
        {RateComponent::Kind::Constant, QT_TRANSLATE_NOOP("RateShapeEditor", "constant"),
         {{{"", 0, kMaxRate, " /s"}, {}, {}}}, 1},
        {RateComponent::Kind::Ramp, QT_TRANSLATE_NOOP("RateShapeEditor", "ramp"),
         {{{"from ", 0, kMaxRate, " /s"}, {"to ", 0, kMaxRate, " /s"}, {"over ", 0.001, kMaxSeconds, " s"}}}, 3},
        {RateComponent::Kind::Steps, QT_TRANSLATE_NOOP("RateShapeEditor", "steps"), {}, 0},
        {RateComponent::Kind::Bursts, QT_TRANSLATE_NOOP("RateShapeEditor", "bursts"),
         {{{"", 0, kMaxRate, " /s"}, {"on ", 0.001, kMaxSeconds, " s"}, {"off ", 0, kMaxSeconds, " s"}}}, 3},
        {RateComponent::Kind::Sine, QT_TRANSLATE_NOOP("RateShapeEditor", "sine"),
         {{{"offset ", 0, kMaxRate, " /s"}, {"± ", 0, kMaxRate, " /s"}, {"period ", 0.001, kMaxSeconds, " s"}}}, 3},
    }};
    return all;
}

const KindInfo &info(RateComponent::Kind kind)
{
    return kinds()[std::size_t(kind)];
}

// A segment's numbers in the editor's column order.
std::array<double, 3> numbersOf(const RateComponent &c)
{
    switch (c.kind) {
    case RateComponent::Kind::Ramp:
        return {c.value, c.to, c.seconds};
    case RateComponent::Kind::Bursts:
        return {c.value, c.seconds, c.offSeconds};
    case RateComponent::Kind::Sine:
        return {c.value, c.amplitude, c.seconds};
    default:
        return {c.value, 0, 0};
    }
}

// A new segment of a kind: numbers that make a visible, valid shape.
RateComponent defaultComponent(RateComponent::Kind kind)
{
    RateComponent c;
    c.kind = kind;
    c.value = 100;
    c.to = 500;
    c.seconds = kind == RateComponent::Kind::Bursts ? 1 : 60;
    c.offSeconds = 9;
    c.amplitude = 50;
    if (kind == RateComponent::Kind::Sine)
        c.value = 0;
    if (kind == RateComponent::Kind::Steps)
        c.steps = {{0, 100}, {30, 400}};
    return c;
}

QString stepsText(const RateComponent &c)
{
    QStringList pairs;
    for (const auto &[at, rate] : c.steps)
        pairs << QStringLiteral("%1: %2").arg(at).arg(rate);
    return pairs.join(QStringLiteral(", "));
}

// "0: 100, 30: 400" -> {(0, 100), (30, 400)}; pairs that do not read as two numbers are skipped, and the
// profile's own check reports times that do not go forward.
std::vector<std::pair<double, double>> parseSteps(const QString &text)
{
    std::vector<std::pair<double, double>> steps;
    for (const QString &pair : text.split(u',', Qt::SkipEmptyParts)) {
        const QStringList parts = pair.split(u':');
        bool atOk = false;
        bool rateOk = false;
        const double at = parts.value(0).trimmed().toDouble(&atOk);
        const double rate = parts.value(1).trimmed().toDouble(&rateOk);
        if (parts.size() == 2 && atOk && rateOk)
            steps.emplace_back(at, rate);
    }
    return steps;
}

} // namespace

RateShapeEditor::RateShapeEditor(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("rateSegments"));
    m_table->setHorizontalHeaderLabels({tr("Segment"), tr("Rate / from / offset"), tr("to / on / ±"), tr("over / off / period")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setTabKeyNavigation(false);
    m_table->setMinimumHeight(110);
    m_table->setToolTip(tr("The rate is the sum of these segments (never below 0). Steps are \"time: rate\" pairs, "
                           "e.g. 0: 100, 30: 400."));
    layout->addWidget(m_table);

    auto *buttons = new QHBoxLayout;
    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("addSegment"));
    add->setText(tr("Add segment"));
    add->setPopupMode(QToolButton::InstantPopup);
    auto *kindsMenu = new QMenu(add);
    for (const KindInfo &k : kinds()) {
        QAction *action = kindsMenu->addAction(tr(k.name), this, [this, kind = k.kind] {
            addRow(defaultComponent(kind));
            m_table->selectRow(m_table->rowCount() - 1);
            emitNow();
        });
        action->setObjectName(QStringLiteral("add-") + QLatin1String(k.name));
    }
    add->setMenu(kindsMenu);
    auto *remove = new QPushButton(tr("Remove segment"), this);
    remove->setObjectName(QStringLiteral("removeSegment"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    layout->addLayout(buttons);

    m_typing.setSingleShot(true);
    m_typing.setInterval(kTypingPauseMs);
    connect(&m_typing, &QTimer::timeout, this, &RateShapeEditor::emitNow);
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0)
            return;
        m_table->removeRow(row);
        emitNow();
    });
}

RateShapeEditor::~RateShapeEditor() = default;

void RateShapeEditor::showShape(const RateShape &shape)
{
    if (rateShapeJson(shape) == rateShapeJson(this->shape()))
        return;
    m_updating = true;
    m_table->setRowCount(0);
    for (const RateComponent &c : shape.components)
        addRow(c);
    m_updating = false;
}

RateShape RateShapeEditor::shape() const
{
    RateShape shape;
    for (int row = 0; row < m_table->rowCount(); ++row)
        shape.components.push_back(rowComponent(row));
    return shape;
}

void RateShapeEditor::addRow(const RateComponent &component)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *kind = new QComboBox;
    kind->setObjectName(QStringLiteral("segmentKind"));
    for (const KindInfo &k : kinds())
        kind->addItem(tr(k.name));
    kind->setCurrentIndex(int(component.kind));
    m_table->setCellWidget(row, 0, kind);
    connect(kind, &QComboBox::activated, this, [this, kind](int index) {
        for (int r = 0; r < m_table->rowCount(); ++r) {
            if (m_table->cellWidget(r, 0) == kind)
                setRowKind(r, defaultComponent(RateComponent::Kind(index)));
        }
        emitNow();
    });
    setRowKind(row, component);
}

void RateShapeEditor::setRowKind(int row, const RateComponent &component)
{
    const KindInfo &k = info(component.kind);
    for (int column = 1; column < 4; ++column)
        m_table->removeCellWidget(row, column);
    if (m_table->columnSpan(row, 1) > 1)
        m_table->setSpan(row, 1, 1, 1); // a steps row becomes one of numbers
    if (component.kind == RateComponent::Kind::Steps) {
        m_table->setSpan(row, 1, 1, 3);
        auto *steps = new QLineEdit(stepsText(component));
        steps->setObjectName(QStringLiteral("segmentSteps"));
        steps->setPlaceholderText(tr("time: rate, … e.g. 0: 100, 30: 400"));
        m_table->setCellWidget(row, 1, steps);
        connect(steps, &QLineEdit::textEdited, this, [this] { m_typing.start(); });
        return;
    }
    const std::array<double, 3> numbers = numbersOf(component);
    for (int i = 0; i < k.count; ++i) {
        const Parameter &p = k.parameters[std::size_t(i)];
        auto *box = new QDoubleSpinBox;
        box->setObjectName(QStringLiteral("segmentValue%1").arg(i + 1));
        box->setDecimals(3);
        box->setRange(p.minimum, p.maximum);
        box->setPrefix(QString::fromUtf8(p.prefix));
        box->setSuffix(QString::fromUtf8(p.suffix));
        box->setValue(numbers[std::size_t(i)]);
        box->setFrame(false);
        m_table->setCellWidget(row, i + 1, box);
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
            if (!m_updating)
                m_typing.start();
        });
    }
}

RateComponent RateShapeEditor::rowComponent(int row) const
{
    RateComponent c;
    c.kind = RateComponent::Kind(qobject_cast<QComboBox *>(m_table->cellWidget(row, 0))->currentIndex());
    if (c.kind == RateComponent::Kind::Steps) {
        c.steps = parseSteps(qobject_cast<QLineEdit *>(m_table->cellWidget(row, 1))->text());
        return c;
    }
    std::array<double, 3> n{};
    for (int i = 0; i < info(c.kind).count; ++i)
        n[std::size_t(i)] = qobject_cast<QDoubleSpinBox *>(m_table->cellWidget(row, i + 1))->value();
    switch (c.kind) {
    case RateComponent::Kind::Ramp:
        c.to = n[1];
        c.seconds = n[2];
        break;
    case RateComponent::Kind::Bursts:
        c.seconds = n[1];
        c.offSeconds = n[2];
        break;
    case RateComponent::Kind::Sine:
        c.amplitude = n[1];
        c.seconds = n[2];
        break;
    default:
        break;
    }
    c.value = n[0];
    return c;
}

void RateShapeEditor::emitNow()
{
    m_typing.stop();
    if (!m_updating)
        emit shapeEdited(rateShapeJson(shape()));
}

} // namespace ocw
