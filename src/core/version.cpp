// SPDX-License-Identifier: Apache-2.0
#include "version.h"

#include <google/protobuf/stubs/common.h>
#include <grpcpp/grpcpp.h>

namespace ocw {

QString applicationVersion()
{
    return QStringLiteral(OCW_VERSION_STRING);
}

QString versionReport()
{
    return QStringLiteral("OC Workbench %1 (Qt %2, gRPC %3, protobuf %4)")
        .arg(applicationVersion(), QString::fromLatin1(qVersion()), QString::fromStdString(grpc::Version()),
             QString::fromStdString(google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION)));
}

} // namespace ocw
