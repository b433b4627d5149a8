// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>

namespace ocw {

// What reports and logs show instead of a header value.
inline constexpr QStringView MaskedHeaderValue = u"***";

// `module` (an OpenCensus module object) with every value KrakenD would send as a header replaced by
// MaskedHeaderValue: header values are often credentials. Keys are matched as Go's decoder matches them
// (ignoring case), so `Exporters/OCAGENT/Headers` is masked too; a `headers` that is not an object
// (KrakenD rejects it) is masked whole. For what we write about a config, never for the config itself.
QJsonObject maskHeaderValues(QJsonObject module);

} // namespace ocw
