// SPDX-License-Identifier: Apache-2.0
#include "nodeidentity.h"

#include "version.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSysInfo>

namespace ocw {

namespace {

// Taken once: the Node must describe the same process start on every stream and reconnection.
const QDateTime &processStart()
{
    static const QDateTime start = QDateTime::currentDateTimeUtc();
    return start;
}

} // namespace

opencensus::proto::agent::common::v1::Node makeNode(const QString &serviceName, int connection, int connectionCount)
{
    using opencensus::proto::agent::common::v1::LibraryInfo;
    opencensus::proto::agent::common::v1::Node node;
    auto *identifier = node.mutable_identifier();
    identifier->set_host_name(QSysInfo::machineHostName().toStdString());
    identifier->set_pid(quint32(QCoreApplication::applicationPid()));
    const qint64 ms = processStart().toMSecsSinceEpoch();
    identifier->mutable_start_timestamp()->set_seconds(ms / 1000);
    identifier->mutable_start_timestamp()->set_nanos(int(ms % 1000) * 1000000 + connection);
    auto *library = node.mutable_library_info();
    library->set_language(LibraryInfo::CPP);
    library->set_exporter_version(QStringLiteral("ocworkbench-%1").arg(applicationVersion()).toStdString());
    library->set_core_library_version(applicationVersion().toStdString());
    node.mutable_service_info()->set_name(serviceName.toStdString());
    if (connectionCount > 1)
        (*node.mutable_attributes())["ocworkbench.connection"] = QStringLiteral("%1/%2").arg(connection).arg(connectionCount).toStdString();
    return node;
}

opencensus::proto::resource::v1::Resource makeResource(const QString &serviceName)
{
    opencensus::proto::resource::v1::Resource resource;
    resource.set_type("krakend.gateway");
    (*resource.mutable_labels())["service.name"] = serviceName.toStdString();
    return resource;
}

} // namespace ocw
