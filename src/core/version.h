// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace ocw {

QString applicationVersion();
// "OC Workbench 0.1.0 (Qt 6.4.2, gRPC 1.51.1, protobuf 3.21.12)": for --version and the about box.
QString versionReport();

} // namespace ocw
