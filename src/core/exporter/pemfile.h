// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace ocw {

// Reads a PEM file for TLS (roots to trust, a certificate or its key), for the exporter and the agent alike.
// An empty path gives an empty result (nothing asked). On failure: nullopt, and `error` says which file and
// why (unreadable, or no "-----BEGIN" line in it).
std::optional<QByteArray> readPemFile(const QString &path, QString *error);

} // namespace ocw
