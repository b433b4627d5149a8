// SPDX-License-Identifier: Apache-2.0
#include "pemfile.h"

#include "nativepath.h"
#include "regularfile.h"

namespace ocw {

namespace {
constexpr qint64 kMaxPemBytes = 1024 * 1024; // a long certificate chain is a few tens of KB
}

std::optional<QByteArray> readPemFile(const QString &path, QString *error)
{
    if (path.isEmpty())
        return QByteArray();
    QFile file;
    if (const QString problem = openRegularFile(path, file, QStringLiteral("PEM file")); !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    const QByteArray pem = file.read(kMaxPemBytes);
    if (!pem.contains("-----BEGIN ")) {
        *error = QStringLiteral("%1: not a PEM file (no \"-----BEGIN\" line)").arg(displayPath(path));
        return std::nullopt;
    }
    return pem;
}

} // namespace ocw
