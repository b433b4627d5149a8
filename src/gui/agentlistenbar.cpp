// SPDX-License-Identifier: Apache-2.0
#include "agentlistenbar.h"

#include "settings.h"
#include "ui_agentlistenbar.h"

#include "agent/agenthost.h"
#include "exporter/pemfile.h"

namespace ocw {

AgentListenBar::AgentListenBar(AgentHost *host, QWidget *parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::AgentListenBar>()), m_host(host)
{
    m_ui->setupUi(this);
    const Settings::ListenChoices choices = Settings::listenChoices();
    m_ui->listenAddress->setText(choices.address);
    m_ui->tlsCert->setText(choices.tlsCert);
    m_ui->tlsKey->setText(choices.tlsKey);
    m_ui->headerName->setText(choices.headerName); // the value is never kept: it may be a credential
    m_ui->forwardAddress->setText(choices.forwardAddress);
    m_ui->forwardPlaintext->setChecked(choices.forwardPlaintext);
    m_ui->forwardCa->setText(choices.forwardCa);
    m_ui->recordFile->setText(choices.recordFile);
    connect(m_ui->forwardPlaintext, &QCheckBox::toggled, m_ui->forwardCa, &QWidget::setDisabled);
    m_ui->forwardCa->setDisabled(choices.forwardPlaintext);
    connect(m_ui->listenButton, &QPushButton::clicked, this, &AgentListenBar::toggleListening);
    connect(m_host, &AgentHost::started, this, [this](const QString &error) {
        if (!error.isEmpty())
            showProblem(error);
        else
            showState();
    });
    connect(m_host, &AgentHost::stopped, this, &AgentListenBar::showState);
    showState();
}

AgentListenBar::~AgentListenBar() = default;

std::optional<AgentOptions> AgentListenBar::options()
{
    const QString text = m_ui->listenAddress->text().trimmed().isEmpty() ? m_ui->listenAddress->placeholderText()
                                                                          : m_ui->listenAddress->text().trimmed();
    const AgentAddressResult listen = parseListenAddress(text);
    if (!listen.address) {
        showProblem(listen.problem);
        return std::nullopt;
    }
    AgentOptions options;
    options.listen = *listen.address;
    if (m_ui->tlsCert->text().isEmpty() != m_ui->tlsKey->text().isEmpty()) {
        showProblem(tr("TLS needs a certificate and its key, or neither (plaintext)"));
        return std::nullopt;
    }
    QString error;
    const std::optional<QByteArray> cert = readPemFile(m_ui->tlsCert->text(), &error);
    const std::optional<QByteArray> key = cert ? readPemFile(m_ui->tlsKey->text(), &error) : std::nullopt;
    if (!key) {
        showProblem(error);
        return std::nullopt;
    }
    options.tlsCertPem = *cert;
    options.tlsKeyPem = *key;
    options.requiredHeaderName = m_ui->headerName->text().trimmed();
    options.requiredHeaderValue = m_ui->headerValue->text();
    if (!options.requiredHeaderName.isEmpty() && options.requiredHeaderValue.isEmpty()) {
        showProblem(tr("The required header %1 needs a value").arg(options.requiredHeaderName.toHtmlEscaped()));
        return std::nullopt;
    }
    if (const QString upstream = m_ui->forwardAddress->text().trimmed(); !upstream.isEmpty()) {
        const bool plaintext = m_ui->forwardPlaintext->isChecked();
        const ForwardOptionsResult forward = ForwardOptions::make(upstream, plaintext, plaintext ? QString() : m_ui->forwardCa->text().trimmed());
        if (!forward.options) {
            showProblem(tr("Forward to: %1").arg(forward.error));
            return std::nullopt;
        }
        options.forward = forward.options;
    }
    options.recordFile = m_ui->recordFile->text().trimmed();
    return options;
}

void AgentListenBar::toggleListening()
{
    if (m_host->isListening()) {
        m_host->stop();
        showState();
        return;
    }
    const std::optional<AgentOptions> agentOptions = options();
    if (!agentOptions)
        return;
    Settings::setListenChoices({m_ui->listenAddress->text().trimmed(), m_ui->tlsCert->text(), m_ui->tlsKey->text(),
                                m_ui->headerName->text().trimmed(), m_ui->forwardAddress->text().trimmed(),
                                m_ui->forwardPlaintext->isChecked(), m_ui->forwardCa->text().trimmed(),
                                m_ui->recordFile->text().trimmed()});
    m_host->start(*agentOptions);
    showState();
}

void AgentListenBar::showState()
{
    const bool listening = m_host->isListening();
    const bool busy = m_host->isBusy();
    m_ui->listenButton->setText(listening ? tr("Stop Listening") : tr("Start Listening"));
    m_ui->listenButton->setEnabled(!busy);
    for (QWidget *field : std::initializer_list<QWidget *>{m_ui->listenAddress, m_ui->headerName, m_ui->headerValue, m_ui->tlsCert,
                                                           m_ui->tlsKey, m_ui->forwardAddress, m_ui->forwardPlaintext, m_ui->recordFile})
        field->setEnabled(!listening && !busy);
    m_ui->forwardCa->setEnabled(!listening && !busy && !m_ui->forwardPlaintext->isChecked());
    if (busy) {
        m_ui->listenStatus->setText(tr("…"));
    } else if (listening) {
        const AgentOptions &o = m_host->agent()->options();
        AgentAddress where = o.listen;
        if (where.kind == AgentAddress::Kind::HostPort)
            where.port = m_host->agent()->port();
        QString tap;
        if (o.forward)
            tap += tr(", forwarding to <b>%1</b> (%2)")
                       .arg(o.forward->address.toHtmlEscaped(), o.forward->insecure ? tr("plaintext") : tr("TLS"));
        if (!o.recordFile.isEmpty())
            tap += tr(", recording to <b>%1</b>").arg(o.recordFile.toHtmlEscaped());
        m_ui->listenStatus->setText(tr("<span style='color:#3caa5a'>●</span> listening on <b>%1</b>%2%3%4: point an exporter "
                                       "here, and what it sends shows below")
                                        .arg(where.display().toHtmlEscaped(), o.tlsCertPem.isEmpty() ? tr(", plaintext") : tr(", TLS"),
                                             o.requiredHeaderName.isEmpty()
                                                 ? QString()
                                                 : tr(", requiring header %1").arg(o.requiredHeaderName.toHtmlEscaped()),
                                             tap));
    } else {
        m_ui->listenStatus->setText(tr("Not listening: the page shows the embedded agent of the current or last run."));
    }
}

void AgentListenBar::showProblem(const QString &problem)
{
    m_ui->listenStatus->setText(QStringLiteral("<span style='color:#d23c3c'>%1</span>").arg(problem.toHtmlEscaped()));
}

} // namespace ocw
