// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/agentsnapshot.h"

#include <QJsonObject>

namespace ocw {

// The agent's counts as the summary file holds them.
QJsonObject agentSummaryJson(const AgentSnapshot &snapshot, double durationSeconds);

} // namespace ocw
