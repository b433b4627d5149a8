// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFile>
#include <QString>

namespace ocw {

// Opens `path` (any bytes, see nativepath.h) for reading into `file`, refusing what is not a regular file:
// reading a FIFO or a device would block, a directory has nothing to read. The check is made on the opened
// descriptor, which was opened without blocking, so nothing named here can hang the caller. `noun` names
// what was expected ("config file"). Returns an empty string, or a message that says what and which file.
QString openRegularFile(const QString &path, QFile &file, const QString &noun);

} // namespace ocw
