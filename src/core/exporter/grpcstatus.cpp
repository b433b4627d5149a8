// SPDX-License-Identifier: Apache-2.0
#include "grpcstatus.h"

#include <array>

namespace ocw {

QString statusCodeName(grpc::StatusCode code)
{
    static constexpr std::array names{"OK",        "CANCELLED",          "UNKNOWN",           "INVALID_ARGUMENT",
                                      "DEADLINE_EXCEEDED", "NOT_FOUND",  "ALREADY_EXISTS",    "PERMISSION_DENIED",
                                      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
                                      "UNIMPLEMENTED", "INTERNAL",       "UNAVAILABLE",       "DATA_LOSS",
                                      "UNAUTHENTICATED"};
    const auto index = std::size_t(code);
    return index < names.size() ? QString::fromLatin1(names[index]) : QStringLiteral("CODE_%1").arg(int(code));
}

QString describeStatus(const grpc::Status &status)
{
    const QString message = QString::fromStdString(status.error_message());
    return message.isEmpty() ? statusCodeName(status.error_code())
                             : statusCodeName(status.error_code()) + QStringLiteral(": ") + message;
}

} // namespace ocw
