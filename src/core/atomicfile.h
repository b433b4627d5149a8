// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace ocw {

// Who may read a written file. A file that can hold anything from a config (a header's value may be a
// credential) is the user's alone; a config keeps the permissions it had, or the umask's for a new one.
enum class FileReaders { Default, OwnerOnly };

// The one way the product writes a file. The file ends up either the old one, untouched, or the new one
// whole: no partial output, no temporary left behind. Returns an empty string on success, otherwise a
// message naming the file and the system's reason ("No space left on device", "File too large").
QString writeFileAtomically(const QString &path, const QByteArray &bytes, FileReaders readers = FileReaders::Default);

} // namespace ocw
