// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace ocw {

// Registers the files compiled into ocw_core (the demo config, the preset profiles); safe to call again.
void initCoreResources();

} // namespace ocw
