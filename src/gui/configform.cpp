// SPDX-License-Identifier: Apache-2.0
#include "configform.h"

#include "config/goduration.h"
#include "config/jsonformat.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

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
    : QWidget(parent)
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
    auto *layout = new QVBoxLayout(this);

    m_moduleNote = new QLabel(this);
    m_moduleNote->setObjectName(QStringLiteral("moduleNote"));
    m_moduleNote->setWordWrap(true);
    layout->addWidget(m_moduleNote);

    auto *module = new QGroupBox(tr("OpenCensus module"), this);
    auto *moduleForm = new QFormLayout(module);
    m_sampleRate = new QSpinBox(module);
    m_sampleRate->setObjectName(QStringLiteral("sampleRate"));
    m_sampleRate->setRange(kAbsent, 1000);
    m_sampleRate->setSuffix(QStringLiteral(" %"));
    m_sampleRate->setSpecialValueText(tr("absent (0 %: never traces)"));
    m_sampleRate->setToolTip(tr("sample_rate: the percentage of requests traced, 0 to 100. KrakenD uses 0 when the "
                                "key is absent, and then never traces."));
    moduleForm->addRow(tr("Sample rate:"), m_sampleRate);
    registerField(QStringLiteral("sample_rate"), m_sampleRate);

    m_reportingPeriod = new QSpinBox(module);
    m_reportingPeriod->setObjectName(QStringLiteral("reportingPeriod"));
    m_reportingPeriod->setRange(kAbsent, 86400);
    m_reportingPeriod->setSuffix(tr(" s"));
    m_reportingPeriod->setSpecialValueText(tr("absent (10 s default)"));
    m_reportingPeriod->setToolTip(tr("reporting_period: whole seconds between metric reports. 0 or absent means "
                                     "OpenCensus's default of 10 s."));
    moduleForm->addRow(tr("Reporting period:"), m_reportingPeriod);
    registerField(QStringLiteral("reporting_period"), m_reportingPeriod);

    auto *layersRow = new QHBoxLayout;
    m_backend = new QCheckBox(tr("backend"), module);
    m_router = new QCheckBox(tr("router"), module);
    m_pipe = new QCheckBox(tr("pipe"), module);
    m_backend->setObjectName(QStringLiteral("layerBackend"));
    m_router->setObjectName(QStringLiteral("layerRouter"));
    m_pipe->setObjectName(QStringLiteral("layerPipe"));
    m_backend->setToolTip(tr("enabled_layers.backend: spans for the calls from KrakenD to your services."));
    m_router->setToolTip(tr("enabled_layers.router: spans for the requests from clients to KrakenD."));
    m_pipe->setToolTip(tr("enabled_layers.pipe: spans for the proxy pipe, including merges of several backends."));
    for (QCheckBox *box : {m_backend, m_router, m_pipe}) {
        layersRow->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &ConfigForm::emitLayer);
    }
    layersRow->addStretch();
    moduleForm->addRow(tr("Enabled layers:"), layersRow);
    m_layersNote = new QLabel(module);
    m_layersNote->setWordWrap(true);
    moduleForm->addRow(QString(), m_layersNote);
    registerField(QStringLiteral("enabled_layers/backend"), m_backend);
    registerField(QStringLiteral("enabled_layers/router"), m_router);
    registerField(QStringLiteral("enabled_layers/pipe"), m_pipe);
    registerField(QStringLiteral("enabled_layers"), m_backend);
    layout->addWidget(module);

    auto *agent = new QGroupBox(tr("ocagent exporter"), this);
    auto *agentForm = new QFormLayout(agent);
    m_address = new QLineEdit(agent);
    m_address->setObjectName(QStringLiteral("address"));
    m_address->setPlaceholderText(tr("required: host:port, e.g. localhost:55678"));
    m_address->setToolTip(tr("address: host:port of the OpenCensus agent (the OpenTelemetry Collector's opencensus "
                             "receiver listens on 55678). Missing or empty, KrakenD skips the exporter silently."));
    agentForm->addRow(tr("Address:"), m_address);
    registerField(QStringLiteral("exporters/ocagent/address"), m_address);
    registerField(QStringLiteral("exporters"), m_address);

    m_serviceName = new QLineEdit(agent);
    m_serviceName->setObjectName(QStringLiteral("serviceName"));
    m_serviceName->setPlaceholderText(tr("absent: KrakenD-Opencensus"));
    m_serviceName->setToolTip(tr("service_name: the name the agent shows for this gateway."));
    agentForm->addRow(tr("Service name:"), m_serviceName);
    registerField(QStringLiteral("exporters/ocagent/service_name"), m_serviceName);

    m_reconnection = new QLineEdit(agent);
    m_reconnection->setObjectName(QStringLiteral("reconnection"));
    m_reconnection->setPlaceholderText(tr("absent: 10s (the runtime default)"));
    m_reconnection->setToolTip(tr("reconnection: how often to retry the agent after a failure, a Go duration such as "
                                  "2s, 500ms or 1m. KrakenD's docs give 2s as the default, but with the key absent "
                                  "the Go exporter uses 10s."));
    m_reconnectionMeaning = new QLabel(agent);
    m_reconnectionMeaning->setObjectName(QStringLiteral("reconnectionMeaning"));
    m_reconnectionMeaning->setWordWrap(true);
    agentForm->addRow(tr("Reconnection:"), m_reconnection);
    agentForm->addRow(QString(), m_reconnectionMeaning);
    registerField(QStringLiteral("exporters/ocagent/reconnection"), m_reconnection);

    m_insecure = new QCheckBox(tr("Plaintext, no TLS"), agent);
    m_insecure->setObjectName(QStringLiteral("insecure"));
    m_insecure->setToolTip(tr("insecure: connect without TLS. KrakenD gives the exporter no TLS credentials, so with "
                              "insecure false the exporter cannot connect at all."));
    agentForm->addRow(tr("Insecure:"), m_insecure);
    registerField(QStringLiteral("exporters/ocagent/insecure"), m_insecure);

    m_compression = new QCheckBox(tr("Gzip every message"), agent);
    m_compression->setObjectName(QStringLiteral("enableCompression"));
    m_compression->setToolTip(tr("enable_compression: gzip-compress every message sent to the agent."));
    agentForm->addRow(tr("Compression:"), m_compression);
    registerField(QStringLiteral("exporters/ocagent/enable_compression"), m_compression);
    layout->addWidget(agent);

    auto *headers = new QGroupBox(tr("Headers (gRPC metadata on every stream)"), this);
    auto *headersLayout = new QVBoxLayout(headers);
    m_headers = new QTableWidget(0, 2, headers);
    m_headers->setObjectName(QStringLiteral("headers"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setMinimumHeight(110);
    m_headers->setToolTip(tr("headers: names and string values sent to the agent as gRPC metadata. Values of "
                             "credential-like headers are masked; tick \"Show values\" to read or edit them."));
    headersLayout->addWidget(m_headers);
    auto *headerButtons = new QHBoxLayout;
    auto *add = new QPushButton(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("Add"), headers);
    auto *remove = new QPushButton(style()->standardIcon(QStyle::SP_TrashIcon), tr("Remove"), headers);
    m_showSecrets = new QCheckBox(tr("Show values"), headers);
    m_showSecrets->setObjectName(QStringLiteral("showSecrets"));
    headerButtons->addWidget(add);
    headerButtons->addWidget(remove);
    headerButtons->addStretch();
    headerButtons->addWidget(m_showSecrets);
    headersLayout->addLayout(headerButtons);
    registerField(QStringLiteral("exporters/ocagent/headers"), m_headers);
    layout->addWidget(headers);

    auto *others = new QGroupBox(tr("Other exporters (read-only, kept as written)"), this);
    auto *othersLayout = new QVBoxLayout(others);
    m_otherExporters = new QPlainTextEdit(others);
    m_otherExporters->setObjectName(QStringLiteral("otherExporters"));
    m_otherExporters->setReadOnly(true);
    m_otherExporters->setMaximumHeight(120);
    othersLayout->addWidget(m_otherExporters);
    layout->addWidget(others);
    layout->addStretch();

    setStyleSheet(QStringLiteral("*[problem=\"error\"] { border: 2px solid #d32f2f; border-radius: 3px; }"
                                 "*[problem=\"warning\"] { border: 2px solid #f9a825; border-radius: 3px; }"));

    // Edits become pointer + JSON; the workbench turns them into text edits.
    connect(m_sampleRate, &QSpinBox::editingFinished, this, [this] {
        if (m_sampleRate->value() == kAbsent)
            emit valueRemoved(QStringLiteral("sample_rate"));
        else
            emit valueEdited(QStringLiteral("sample_rate"), QByteArray::number(m_sampleRate->value()));
    });
    connect(m_reportingPeriod, &QSpinBox::editingFinished, this, [this] {
        if (m_reportingPeriod->value() == kAbsent)
            emit valueRemoved(QStringLiteral("reporting_period"));
        else
            emit valueEdited(QStringLiteral("reporting_period"), QByteArray::number(m_reportingPeriod->value()));
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
    stringField(m_address, QStringLiteral("exporters/ocagent/address"));
    stringField(m_serviceName, QStringLiteral("exporters/ocagent/service_name"));
    stringField(m_reconnection, QStringLiteral("exporters/ocagent/reconnection"));
    connect(m_reconnection, &QLineEdit::textEdited, this, [this](const QString &text) {
        const GoDuration d = GoDuration::parse(text.toStdString());
        m_reconnectionMeaning->setText(text.isEmpty() ? QString()
                                       : d.ok         ? tr("= %1").arg(GoDuration::describe(d.value))
                                                      : tr("not a Go duration: %1").arg(d.error));
    });
    const auto boolField = [this](QCheckBox *box, const QString &pointer) {
        connect(box, &QCheckBox::toggled, this, [this, pointer](bool on) {
            if (!m_updating)
                emit valueEdited(pointer, on ? "true" : "false");
        });
    };
    boolField(m_insecure, QStringLiteral("exporters/ocagent/insecure"));
    boolField(m_compression, QStringLiteral("exporters/ocagent/enable_compression"));

    connect(m_headers, &QTableWidget::cellChanged, this, [this] {
        if (!m_updating)
            emitHeaders();
    });
    connect(add, &QPushButton::clicked, this, [this] {
        QStringList names;
        for (int row = 0; row < m_headers->rowCount(); ++row)
            names << (m_headers->item(row, 0) ? m_headers->item(row, 0)->text() : QString());
        QString name = QStringLiteral("x-header");
        for (int i = 2; names.contains(name); ++i)
            name = QStringLiteral("x-header-%1").arg(i);
        m_updating = true;
        const int row = m_headers->rowCount();
        m_headers->insertRow(row);
        m_headers->setItem(row, 0, new QTableWidgetItem(name));
        m_headers->setItem(row, 1, new QTableWidgetItem(QStringLiteral("value")));
        m_updating = false;
        emitHeaders();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_headers->currentRow();
        if (row < 0)
            return;
        m_updating = true;
        m_headers->removeRow(row);
        m_updating = false;
        emitHeaders();
    });
    connect(m_showSecrets, &QCheckBox::toggled, this, [this] {
        // Re-fill from the stored values so masked cells show or hide their text.
        for (int row = 0; row < m_headers->rowCount(); ++row) {
            QTableWidgetItem *value = m_headers->item(row, 1);
            if (!value || !value->data(Qt::UserRole).toBool())
                continue;
            m_updating = true;
            value->setText(m_showSecrets->isChecked() ? value->data(Qt::UserRole + 1).toString() : kMask);
            value->setFlags(m_showSecrets->isChecked() ? value->flags() | Qt::ItemIsEditable
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
    const QByteArray object = "{\"backend\": " + QByteArray(m_backend->isChecked() ? "true" : "false")
                            + ", \"router\": " + (m_router->isChecked() ? "true" : "false")
                            + ", \"pipe\": " + (m_pipe->isChecked() ? "true" : "false") + '}';
    emit valueEdited(QStringLiteral("enabled_layers"), object);
}

void ConfigForm::emitHeaders()
{
    QByteArray object = "{";
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QTableWidgetItem *name = m_headers->item(row, 0);
        const QTableWidgetItem *value = m_headers->item(row, 1);
        if (!name || name->text().isEmpty())
            continue;
        const bool masked = value && value->data(Qt::UserRole).toBool() && !m_showSecrets->isChecked();
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
    m_headers->setRowCount(0);
    if (!analysis.config.ocagent || !analysis.config.ocagent->headers)
        return;
    for (const HeaderEntry &h : *analysis.config.ocagent->headers) {
        const int row = m_headers->rowCount();
        m_headers->insertRow(row);
        m_headers->setItem(row, 0, new QTableWidgetItem(h.name));
        const bool secret = isSecretHeader(h.name, h.value);
        auto *value = new QTableWidgetItem(secret && !m_showSecrets->isChecked() ? kMask : h.value);
        value->setData(Qt::UserRole, secret);
        value->setData(Qt::UserRole + 1, h.value);
        if (secret && !m_showSecrets->isChecked())
            value->setFlags(value->flags() & ~Qt::ItemIsEditable);
        m_headers->setItem(row, 1, value);
    }
}

void ConfigForm::showAnalysis(const ConfigAnalysis &analysis)
{
    m_updating = true;
    const OpenCensusConfig &cfg = analysis.config;
    if (!analysis.json.isValid())
        m_moduleNote->setText(tr("The file is not valid JSON: the form shows the last values it could read. Fix the "
                                 "source, or see the problems below."));
    else if (!analysis.moduleFound())
        m_moduleNote->setText(tr("This file has no OpenCensus module. Editing a field below inserts one under "
                                 "extra_config[\"%1\"].").arg(namespaceKey(analysis.preferredNamespace())));
    else
        m_moduleNote->setText(analysis.module.pointer.isEmpty()
                                  ? tr("A bare module object (no extra_config around it).")
                                  : tr("Module at <code>%1</code> (%2).")
                                        .arg(analysis.module.pointer.toHtmlEscaped(),
                                             analysis.module.ns == ModuleNamespace::V1 ? tr("KrakenD 1.x namespace")
                                                                                       : tr("KrakenD 2.x namespace")));
    if (analysis.json.isValid()) {
        m_sampleRate->setValue(cfg.sampleRate ? int(std::clamp<qint64>(*cfg.sampleRate, kAbsent, 1000)) : kAbsent);
        m_reportingPeriod->setValue(cfg.reportingPeriod ? int(std::clamp<qint64>(*cfg.reportingPeriod, kAbsent, 86400)) : kAbsent);
        m_hasEnabledLayers = cfg.hasEnabledLayers;
        m_backend->setChecked(cfg.layerEnabled(cfg.backend));
        m_router->setChecked(cfg.layerEnabled(cfg.router));
        m_pipe->setChecked(cfg.layerEnabled(cfg.pipe));
        m_layersNote->setText(cfg.hasEnabledLayers ? QString()
                                                   : tr("enabled_layers is absent, so every layer is on; changing one "
                                                        "writes all three."));
        const OcAgentConfig agent = cfg.ocagent.value_or(OcAgentConfig{});
        if (!m_address->hasFocus())
            m_address->setText(agent.address.value_or(QString()));
        if (!m_serviceName->hasFocus())
            m_serviceName->setText(agent.serviceName.value_or(QString()));
        if (!m_reconnection->hasFocus())
            m_reconnection->setText(agent.reconnection.value_or(QString()));
        m_insecure->setChecked(agent.effectiveInsecure());
        m_insecure->setText(agent.insecure ? tr("Plaintext, no TLS") : tr("Plaintext, no TLS (absent: false)"));
        m_compression->setChecked(agent.effectiveCompression());
        m_compression->setText(agent.enableCompression ? tr("Gzip every message") : tr("Gzip every message (absent: off)"));
        updateReconnectionMeaning(analysis);
        fillHeaders(analysis);
        QString others;
        for (const OtherExporter &e : cfg.otherExporters)
            others += e.name + QStringLiteral(": ") + QString::fromUtf8(e.json).simplified() + u'\n';
        m_otherExporters->setPlainText(others.isEmpty() ? tr("(none)") : others.trimmed());
    }
    markProblems(analysis);
    m_updating = false;
}

void ConfigForm::updateReconnectionMeaning(const ConfigAnalysis &analysis)
{
    const OcAgentConfig agent = analysis.config.ocagent.value_or(OcAgentConfig{});
    const auto effective = agent.effectiveReconnection();
    if (!effective) {
        m_reconnectionMeaning->setText(tr("not a Go duration: KrakenD drops the exporter"));
        return;
    }
    // The Go exporter waits the period plus a random jitter of up to 70 % of it.
    const QString range = tr("retries every %1 to %2 (the Go exporter adds up to 70 % jitter)")
                              .arg(GoDuration::describe(*effective),
                                   GoDuration::describe(std::chrono::nanoseconds(effective->count() * 17 / 10)));
    m_reconnectionMeaning->setText(!agent.reconnection || agent.reconnection->isEmpty()
                                       ? tr("absent: the runtime uses 10 s (KrakenD's docs say 2s); %1").arg(range)
                                       : range);
}

void ConfigForm::markProblems(const ConfigAnalysis &analysis)
{
    // Problems about a missing key are reported on the object that lacks it; they belong to that key's field.
    const QHash<QString, QWidget *> byRule{{QStringLiteral("OCW111"), m_sampleRate},
                                           {QStringLiteral("OCW200"), m_address},
                                           {QStringLiteral("OCW202"), m_serviceName},
                                           {QStringLiteral("OCW208"), m_insecure}};
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
