// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "load/loadprofile.h"

#include <QList>

namespace ocw {

// The profiles shipped in resources/profiles, compiled into ocw_core so the GUI and the CLI share them.
struct PresetProfile {
    QString name;  // "krakend-gateway": the file's base name
    QString title; // "KrakenD gateway": for menus
};

const QList<PresetProfile> &presetProfiles();
// The preset's JSON as shipped, or an empty array when there is no preset of that name.
QByteArray presetProfileJson(const QString &name);
// The preset parsed; presets are checked by the tests, so only an unknown name gives nothing.
std::optional<LoadProfile> presetProfile(const QString &name);

inline constexpr auto DemoPreset = "krakend-gateway";

} // namespace ocw
