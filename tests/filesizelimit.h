// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

#include <csignal>
#include <sys/resource.h>

// RLIMIT_FSIZE for this process while it lives: a write past `bytes` then fails with EFBIG, a real failure of
// the system call as a full disk's ENOSPC is, with no root and no mount. SIGXFSZ is ignored for good, as
// both mains do, so that the write fails instead of the test dying.
class FileSizeLimit final
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        std::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &m_saved);
        const rlimit limited{bytes, m_saved.rlim_max};
        m_set = ::setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    ~FileSizeLimit() { ::setrlimit(RLIMIT_FSIZE, &m_saved); }
    bool isSet() const { return m_set; }

private:
    Q_DISABLE_COPY_MOVE(FileSizeLimit)
    rlimit m_saved{};
    bool m_set = false;
};
