// SPDX-License-Identifier: Apache-2.0
#include "pemfile.h"

#include <QFile>

namespace ocw {

namespace {
constexpr qint64 kMaxPemBytes = 1024 * 1024; // a long certificate chain is a few tens of KB
}

std::optional<QByteArray> readPemFile(const QString &path, QString *error)
{
    if (path.isEmpty())
        return QByteArray();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray pem = file.read(kMaxPemBytes);
    if (!pem.contains("-----BEGIN ")) {
        *error = QStringLiteral("%1: not a PEM file (no \"-----BEGIN\" line)").arg(path);
        return std::nullopt;
    }
    return pem;
}

} // namespace ocw
