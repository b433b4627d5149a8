// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace ocw::ConfigFile {

// Larger than any real krakend.json by far; protects the UI and the CLI from reading a disk image.
inline constexpr qint64 MaxBytes = 64LL * 1024 * 1024;

struct ReadResult {
    QByteArray bytes;
    QString error; // empty on success; says what and which file otherwise
    bool ok() const { return error.isEmpty(); }
};

ReadResult read(const QString &path);

} // namespace ocw::ConfigFile
