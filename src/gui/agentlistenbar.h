// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/embeddedagent.h"

#include <QWidget>

#include <memory>
#include <optional>

namespace Ui {
class AgentListenBar;
}

namespace ocw {

class AgentHost;

// The Agent page's controls for the agent on its own: where it listens, a header it requires, TLS, and
// Start/Stop Listening. It checks what the user typed (the one listen-address parser, the PEM files) and
// drives an AgentHost; what the agent receives is the page's to show.
class AgentListenBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentListenBar)

public:
    explicit AgentListenBar(AgentHost *host, QWidget *parent = nullptr);
    ~AgentListenBar() override;

    // The agent options the fields describe, or nullopt with the reason shown in the bar.
    std::optional<AgentOptions> options();
    void toggleListening();

private:
    void showState();
    void showProblem(const QString &problem);

    std::unique_ptr<Ui::AgentListenBar> m_ui;
    AgentHost *m_host;
};

} // namespace ocw
