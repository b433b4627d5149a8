// SPDX-License-Identifier: Apache-2.0
#include "rawstream.h"

#include <grpcpp/impl/rpc_method.h>

namespace ocw {

std::unique_ptr<RawStream> openRawStream(grpc::Channel &channel, const char *method, grpc::ClientContext &context)
{
    return std::unique_ptr<RawStream>(grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
        &channel, grpc::internal::RpcMethod(method, grpc::internal::RpcMethod::BIDI_STREAMING), &context));
}

grpc::ByteBuffer toBuffer(const std::string &bytes)
{
    grpc::Slice slice(bytes.data(), bytes.size());
    return grpc::ByteBuffer(&slice, 1);
}

std::shared_ptr<grpc::ChannelCredentials> channelCredentials(bool insecure, const QByteArray &caPem, const QByteArray &certPem,
                                                             const QByteArray &keyPem)
{
    if (insecure)
        return grpc::InsecureChannelCredentials();
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = caPem.toStdString();
    ssl.pem_cert_chain = certPem.toStdString();
    ssl.pem_private_key = keyPem.toStdString();
    return grpc::SslCredentials(ssl);
}

Delivery deliveryAtEnd(const grpc::Status &status, bool halfClosed, bool endedFirst, bool cancelledByStop)
{
    if (status.ok() && halfClosed && !endedFirst)
        return Delivery::Delivered;
    if (!endedFirst && cancelledByStop)
        return Delivery::Cancelled;
    return Delivery::Unconfirmed;
}

} // namespace ocw
