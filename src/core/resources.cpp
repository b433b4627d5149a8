// SPDX-License-Identifier: Apache-2.0
#include "resources.h"

#include <QtGlobal>

// Resources compiled into the static ocw_core library must be registered by name, outside any namespace.
static void registerCoreResources()
{
    Q_INIT_RESOURCE(core);
}

void ocw::initCoreResources()
{
    static const bool registered = (registerCoreResources(), true);
    Q_UNUSED(registered);
}
