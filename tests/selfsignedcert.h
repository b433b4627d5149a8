// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/embeddedagent.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

// A certificate for 127.0.0.1 and its key, made by openssl in a directory of their own, for TLS on loopback.
struct SelfSignedCert {
    QTemporaryDir dir;
    QString certFile;
    QByteArray certPem;
    QByteArray keyPem;

    // False when openssl is missing or failed (the test then fails on it).
    bool make()
    {
        certFile = dir.filePath(QStringLiteral("cert.pem"));
        const QString keyFile = dir.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                       QStringLiteral("-keyout"), keyFile, QStringLiteral("-out"), certFile});
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
            return false;
        QFile cert(certFile);
        QFile key(keyFile);
        if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
            return false;
        certPem = cert.readAll();
        keyPem = key.readAll();
        return true;
    }

    // An agent that serves TLS with it.
    ocw::AgentOptions serving() const
    {
        ocw::AgentOptions options;
        options.tlsCertPem = certPem;
        options.tlsKeyPem = keyPem;
        return options;
    }
};
