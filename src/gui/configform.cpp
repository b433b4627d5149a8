// SPDX-License-Identifier: Apache-2.0
#include "configform.h"
#include "ui_configform.h"

#include "config/goduration.h"
#include "config/jsonformat.h"
#include "config/jsonpointer.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTableWidget>

namespace ocw {

namespace {

constexpr int kAbsent = -1; // the spin boxes' "absent" value, shown with specialValueText
const QString kMask = QStringLiteral("••••••••");

bool isSecretHeader(const QString &name, const QString &value)
{
    const QString lower = name.toLower();
    for (const char *word : {"authorization", "token", "secret", "password", "api-key", "api_key", "apikey", "cookie"}) {
        if (lower.contains(QLatin1String(word)))
            return true;
    }
    return value.startsWith(QStringLiteral("Bearer "), Qt::CaseInsensitive);
}

} // namespace

ConfigForm::ConfigForm(QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ConfigForm>())
{
    buildUi();
}

ConfigForm::~ConfigForm() = default;

void ConfigForm::registerField(const QString &relativePointer, QWidget *widget)
{
    m_fields.insert(relativePointer, widget);
    m_baseToolTips.insert(widget, widget->toolTip());
}

void ConfigForm::buildUi()
{
    m_ui->setupUi(this);
    // Fields by the module-relative pointer they edit; problems about a parent land on its first field.
    registerField(QStringLiteral("sample_rate"), m_ui->sampleRate);
    registerField(QStringLiteral("reporting_period"), m_ui->reportingPeriod);
    registerField(QStringLiteral("enabled_layers/backend"), m_ui->layerBackend);
    registerField(QStringLiteral("enabled_layers/router"), m_ui->layerRouter);
    registerField(QStringLiteral("enabled_layers/pipe"), m_ui->layerPipe);
    registerField(QStringLiteral("enabled_layers"), m_ui->layerBackend);
    registerField(QStringLiteral("exporters/ocagent/address"), m_ui->address);
    registerField(QStringLiteral("exporters"), m_ui->address);
    registerField(QStringLiteral("exporters/ocagent/service_name"), m_ui->serviceName);
    registerField(QStringLiteral("exporters/ocagent/reconnection"), m_ui->reconnection);
    registerField(QStringLiteral("exporters/ocagent/insecure"), m_ui->insecure);
    registerField(QStringLiteral("exporters/ocagent/enable_compression"), m_ui->enableCompression);
    registerField(QStringLiteral("exporters/ocagent/headers"), m_ui->headers);
    m_sections = {m_ui->moduleBox, m_ui->agentBox, m_ui->headersBox, m_ui->othersBox};
    m_ui->addHeader->setIcon(style()->standardIcon(QStyle::SP_FileDialogNewFolder));
    m_ui->removeHeader->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    for (QCheckBox *box : {m_ui->layerBackend, m_ui->layerRouter, m_ui->layerPipe})
        connect(box, &QCheckBox::toggled, this, &ConfigForm::emitLayer);

    setStyleSheet(QStringLiteral("*[problem=\"error\"] { border: 2px solid #d32f2f; border-radius: 3px; }"
                                 "*[problem=\"warning\"] { border: 2px solid #f9a825; border-radius: 3px; }"));

    // Edits become pointer + JSON; the workbench turns them into text edits.
    connect(m_ui->sampleRate, &QSpinBox::editingFinished, this, [this] {
        if (m_ui->sampleRate->value() == kAbsent)
            emit valueRemoved(QStringLiteral("sample_rate"));
        else
            emit valueEdited(QStringLiteral("sample_rate"), QByteArray::number(m_ui->sampleRate->value()));
    });
    connect(m_ui->reportingPeriod, &QSpinBox::editingFinished, this, [this] {
        if (m_ui->reportingPeriod->value() == kAbsent)
            emit valueRemoved(QStringLiteral("reporting_period"));
        else
            emit valueEdited(QStringLiteral("reporting_period"), QByteArray::number(m_ui->reportingPeriod->value()));
    });
    const auto stringField = [this](QLineEdit *edit, const QString &pointer) {
        connect(edit, &QLineEdit::editingFinished, this, [this, edit, pointer] {
            if (!edit->isModified())
                return;
            edit->setModified(false);
            if (edit->text().isEmpty())
                emit valueRemoved(pointer);
            else
                emit valueEdited(pointer, quoteJson(edit->text()));
        });
    };
    stringField(m_ui->address, QStringLiteral("exporters/ocagent/address"));
    stringField(m_ui->serviceName, QStringLiteral("exporters/ocagent/service_name"));
    stringField(m_ui->reconnection, QStringLiteral("exporters/ocagent/reconnection"));
    connect(m_ui->reconnection, &QLineEdit::textEdited, this, [this](const QString &text) {
        const GoDuration d = GoDuration::parse(text.toStdString());
        m_ui->reconnectionMeaning->setText(text.isEmpty() ? QString()
                                       : d.ok         ? tr("= %1").arg(GoDuration::describe(d.value))
                                                      : tr("not a Go duration: %1").arg(d.error));
    });
    const auto boolField = [this](QCheckBox *box, const QString &pointer) {
        // clicked, not toggled: leaving the "not a boolean" partial state for checked does not toggle.
        connect(box, &QCheckBox::clicked, this, [this, pointer](bool on) {
            if (!m_updating)
                emit valueEdited(pointer, on ? "true" : "false");
        });
    };
    boolField(m_ui->insecure, QStringLiteral("exporters/ocagent/insecure"));
    boolField(m_ui->enableCompression, QStringLiteral("exporters/ocagent/enable_compression"));

    connect(m_ui->headers, &QTableWidget::cellChanged, this, [this] {
        if (!m_updating)
            emitHeaders();
    });
    connect(m_ui->addHeader, &QPushButton::clicked, this, [this] {
        QStringList names;
        for (int row = 0; row < m_ui->headers->rowCount(); ++row)
            names << (m_ui->headers->item(row, 0) ? m_ui->headers->item(row, 0)->text() : QString());
        QString name = QStringLiteral("x-header");
        for (int i = 2; names.contains(name); ++i)
            name = QStringLiteral("x-header-%1").arg(i);
        m_updating = true;
        const int row = m_ui->headers->rowCount();
        m_ui->headers->insertRow(row);
        m_ui->headers->setItem(row, 0, new QTableWidgetItem(name));
        m_ui->headers->setItem(row, 1, new QTableWidgetItem(QStringLiteral("value")));
        m_updating = false;
        emitHeaders();
    });
    connect(m_ui->removeHeader, &QPushButton::clicked, this, [this] {
        const int row = m_ui->headers->currentRow();
        if (row < 0)
            return;
        m_updating = true;
        m_ui->headers->removeRow(row);
        m_updating = false;
        emitHeaders();
    });
    connect(m_ui->showSecrets, &QCheckBox::toggled, this, [this] {
        // Re-fill from the stored values so masked cells show or hide their text.
        for (int row = 0; row < m_ui->headers->rowCount(); ++row) {
            QTableWidgetItem *value = m_ui->headers->item(row, 1);
            if (!value || !value->data(Qt::UserRole).toBool())
                continue;
            m_updating = true;
            value->setText(m_ui->showSecrets->isChecked() ? value->data(Qt::UserRole + 1).toString() : kMask);
            value->setFlags(m_ui->showSecrets->isChecked() ? value->flags() | Qt::ItemIsEditable
                                                       : value->flags() & ~Qt::ItemIsEditable);
            m_updating = false;
        }
    });
}

void ConfigForm::emitLayer()
{
    if (m_updating)
        return;
    auto *box = qobject_cast<QCheckBox *>(sender());
    if (m_hasEnabledLayers) {
        emit valueEdited(QStringLiteral("enabled_layers/") + box->text().remove(u'&'), box->isChecked() ? "true" : "false");
        return;
    }
    // With enabled_layers absent every layer is on; declaring one means declaring all three.
    const QByteArray object = "{\"backend\": " + QByteArray(m_ui->layerBackend->isChecked() ? "true" : "false")
                            + ", \"router\": " + (m_ui->layerRouter->isChecked() ? "true" : "false")
                            + ", \"pipe\": " + (m_ui->layerPipe->isChecked() ? "true" : "false") + '}';
    emit valueEdited(QStringLiteral("enabled_layers"), object);
}

void ConfigForm::emitHeaders()
{
    QByteArray object = "{";
    for (int row = 0; row < m_ui->headers->rowCount(); ++row) {
        const QTableWidgetItem *name = m_ui->headers->item(row, 0);
        const QTableWidgetItem *value = m_ui->headers->item(row, 1);
        if (!name || name->text().isEmpty())
            continue;
        const bool masked = value && value->data(Qt::UserRole).toBool() && !m_ui->showSecrets->isChecked();
        const QString text = masked ? value->data(Qt::UserRole + 1).toString() : (value ? value->text() : QString());
        if (object.size() > 1)
            object += ", ";
        object += quoteJson(name->text()) + ": " + quoteJson(text);
    }
    object += '}';
    emit valueEdited(QStringLiteral("exporters/ocagent/headers"), object);
}

void ConfigForm::fillHeaders(const ConfigAnalysis &analysis)
{
    m_ui->headers->setRowCount(0);
    if (!analysis.config.ocagent || !analysis.config.ocagent->headers)
        return;
    for (const HeaderEntry &h : *analysis.config.ocagent->headers) {
        const int row = m_ui->headers->rowCount();
        m_ui->headers->insertRow(row);
        m_ui->headers->setItem(row, 0, new QTableWidgetItem(h.name));
        const bool secret = isSecretHeader(h.name, h.value);
        auto *value = new QTableWidgetItem(secret && !m_ui->showSecrets->isChecked() ? kMask : h.value);
        value->setData(Qt::UserRole, secret);
        value->setData(Qt::UserRole + 1, h.value);
        if (secret && !m_ui->showSecrets->isChecked())
            value->setFlags(value->flags() & ~Qt::ItemIsEditable);
        m_ui->headers->setItem(row, 1, value);
    }
}

void ConfigForm::showAnalysis(const ConfigAnalysis &analysis)
{
    m_updating = true;
    const OpenCensusConfig &cfg = analysis.config;
    for (QWidget *section : std::as_const(m_sections))
        section->setEnabled(analysis.json.isValid());
    if (!analysis.json.isValid())
        m_ui->moduleNote->setText(tr("<b>The file is not valid JSON</b>, so the form is cleared and off: there is no value "
                                 "it could edit. Fix the source (the problems list says where) and the form comes "
                                 "back."));
    else if (!analysis.moduleFound())
        m_ui->moduleNote->setText(tr("This file has no OpenCensus module. Editing a field below inserts one under "
                                 "extra_config[\"%1\"].").arg(namespaceKey(analysis.preferredNamespace())));
    else
        m_ui->moduleNote->setText(analysis.module.pointer.isEmpty()
                                  ? tr("A bare module object (no extra_config around it).")
                                  : tr("Module at <code>%1</code> (%2).")
                                        .arg(JsonPointer::split(analysis.module.pointer)
                                                 .value_or(QStringList{analysis.module.pointer})
                                                 .join(QStringLiteral(" › "))
                                                 .toHtmlEscaped(),
                                             analysis.module.ns == ModuleNamespace::V1 ? tr("KrakenD 1.x namespace")
                                                                                       : tr("KrakenD 2.x namespace")));
    if (analysis.json.isValid()) {
        m_ui->sampleRate->setValue(cfg.sampleRate ? int(std::clamp<qint64>(*cfg.sampleRate, kAbsent, 1000)) : kAbsent);
        m_ui->reportingPeriod->setValue(cfg.reportingPeriod ? int(std::clamp<qint64>(*cfg.reportingPeriod, kAbsent, 86400)) : kAbsent);
        m_hasEnabledLayers = cfg.hasEnabledLayers;
        m_ui->layerBackend->setChecked(cfg.layerEnabled(cfg.backend));
        m_ui->layerRouter->setChecked(cfg.layerEnabled(cfg.router));
        m_ui->layerPipe->setChecked(cfg.layerEnabled(cfg.pipe));
        m_ui->layersNote->setText(cfg.hasEnabledLayers ? QString()
                                                   : tr("enabled_layers is absent, so every layer is on; changing one "
                                                        "writes all three."));
        const OcAgentConfig agent = cfg.ocagent.value_or(OcAgentConfig{});
        if (!m_ui->address->hasFocus())
            m_ui->address->setText(agent.address.value_or(QString()));
        if (!m_ui->serviceName->hasFocus())
            m_ui->serviceName->setText(agent.serviceName.value_or(QString()));
        if (!m_ui->reconnection->hasFocus())
            m_ui->reconnection->setText(agent.reconnection.value_or(QString()));
        showBool(m_ui->insecure, analysis, QStringLiteral("exporters/ocagent/insecure"), agent.insecure,
                 tr("Plaintext, no TLS"), tr("Plaintext, no TLS (absent: false)"));
        showBool(m_ui->enableCompression, analysis, QStringLiteral("exporters/ocagent/enable_compression"), agent.enableCompression,
                 tr("Gzip every message"), tr("Gzip every message (absent: off)"));
        updateReconnectionMeaning(analysis);
        fillHeaders(analysis);
        QString others;
        for (const OtherExporter &e : cfg.otherExporters)
            others += e.name + QStringLiteral(": ") + QString::fromUtf8(e.json).simplified() + u'\n';
        m_ui->otherExporters->setPlainText(others.isEmpty() ? tr("(none)") : others.trimmed());
    } else {
        clearValues();
    }
    markProblems(analysis);
    m_updating = false;
}

void ConfigForm::showBool(QCheckBox *box, const ConfigAnalysis &analysis, const QString &relativePointer,
                          const std::optional<bool> &value, const QString &label, const QString &absentLabel)
{
    const int node = analysis.json.find(analysis.resolvePointer(relativePointer));
    if (node >= 0 && !value) {
        // Written, but not as a boolean ("true" in quotes): neither on nor off; the problem says what to do.
        box->setCheckState(Qt::PartiallyChecked);
        box->setText(tr("not a boolean: %1 (see Problems)").arg(QString::fromUtf8(analysis.json.rawText(node)).left(16)));
        return;
    }
    box->setTristate(false);
    box->setChecked(value.value_or(false));
    box->setText(value ? label : absentLabel);
}

void ConfigForm::clearValues()
{
    m_ui->sampleRate->setValue(kAbsent);
    m_ui->reportingPeriod->setValue(kAbsent);
    for (QCheckBox *box : {m_ui->layerBackend, m_ui->layerRouter, m_ui->layerPipe, m_ui->insecure, m_ui->enableCompression}) {
        box->setTristate(false);
        box->setChecked(false);
    }
    m_ui->layersNote->clear();
    for (QLineEdit *edit : {m_ui->address, m_ui->serviceName, m_ui->reconnection})
        edit->clear();
    m_ui->reconnectionMeaning->clear();
    m_ui->headers->setRowCount(0);
    m_ui->otherExporters->clear();
}

void ConfigForm::updateReconnectionMeaning(const ConfigAnalysis &analysis)
{
    const OcAgentConfig agent = analysis.config.ocagent.value_or(OcAgentConfig{});
    const auto effective = agent.effectiveReconnection();
    if (!effective) {
        m_ui->reconnectionMeaning->setText(tr("not a Go duration: KrakenD drops the exporter"));
        return;
    }
    // The Go exporter waits the period plus a random jitter of up to 70 % of it.
    const QString range = tr("retries every %1 to %2 (the Go exporter adds up to 70 % jitter)")
                              .arg(GoDuration::describe(*effective),
                                   GoDuration::describe(std::chrono::nanoseconds(effective->count() * 17 / 10)));
    m_ui->reconnectionMeaning->setText(!agent.reconnection || agent.reconnection->isEmpty()
                                       ? tr("absent: the runtime uses 10 s (KrakenD's docs say 2s); %1").arg(range)
                                       : range);
}

void ConfigForm::markProblems(const ConfigAnalysis &analysis)
{
    // Problems about a missing key are reported on the object that lacks it; they belong to that key's field.
    const QHash<QString, QWidget *> byRule{{QStringLiteral("OCW111"), m_ui->sampleRate},
                                           {QStringLiteral("OCW200"), m_ui->address},
                                           {QStringLiteral("OCW202"), m_ui->serviceName},
                                           {QStringLiteral("OCW208"), m_ui->insecure}};
    QHash<QWidget *, const Diagnostic *> worst;
    const QString prefix = analysis.module.pointer + u'/';
    for (const Diagnostic &d : analysis.diagnostics) {
        QWidget *field = byRule.value(d.rule);
        if (!field && d.pointer.startsWith(prefix) && d.rule != u"OCW102" && d.rule != u"OCW103") {
            // The deepest field that edits this pointer or one of its parents.
            QString relative = d.pointer.mid(prefix.size());
            while (!field && !relative.isEmpty()) {
                field = m_fields.value(relative);
                const qsizetype slash = relative.lastIndexOf(u'/');
                relative = slash < 0 ? QString() : relative.left(slash);
            }
        }
        if (field && (!worst.contains(field) || (d.isError() && !worst.value(field)->isError())))
            worst.insert(field, &d);
    }
    for (auto it = m_baseToolTips.cbegin(); it != m_baseToolTips.cend(); ++it) {
        QWidget *field = it.key();
        const Diagnostic *d = worst.value(field);
        field->setProperty("problem", d ? (d->isError() ? QStringLiteral("error") : QStringLiteral("warning")) : QString());
        field->setToolTip(d ? QStringLiteral("<b>[%1]</b> %2<hr>%3").arg(d->rule, d->message.toHtmlEscaped(), it.value())
                            : it.value());
        field->style()->unpolish(field);
        field->style()->polish(field);
        field->update(); // polishing alone leaves the old frame on screen until something else repaints it
    }
}

bool ConfigForm::focusField(const QString &relativePointer)
{
    QString relative = relativePointer;
    while (!relative.isEmpty()) {
        if (QWidget *field = m_fields.value(relative)) {
            field->setFocus(Qt::OtherFocusReason);
            return true;
        }
        const qsizetype slash = relative.lastIndexOf(u'/');
        relative = slash < 0 ? QString() : relative.left(slash);
    }
    return false;
}

} // namespace ocw
