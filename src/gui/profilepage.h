// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "load/loadprofile.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QPlainTextEdit;
class QTreeWidget;

namespace Ui {
class ProfilePage;
}

namespace ocw {

class ProblemsModel;
class ProfileForm;
class TimeChart;

// The load profile page: the profile's JSON (highlighted, checked as it is typed, problems listed with
// their places), a preview of its rate over the run, and a sample trace and its metrics as they would
// be sent. Presets open from a list, named once loaded; profiles open from and save to files. Replacing
// edited text (another preset, a file) asks first.
class ProfilePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfilePage)

public:
    explicit ProfilePage(QWidget *parent = nullptr);
    ~ProfilePage() override;

    // Returns an error message, or an empty string.
    QString openFile(const QString &path);
    QString saveTo(const QString &path);
    void openPreset(const QString &name); // "krakend-gateway", ...
    QString filePath() const { return m_filePath; }
    // What the text came from: "Preset: KrakenD gateway", "File: steady.json", with "(edited)" once changed.
    QString origin() const;
    bool isModified() const;
    // The last profile without errors: the preview stays on it while the text has errors.
    const std::optional<LoadProfile> &profile() const { return m_profile; }
    // Whether the text as it stands has errors (then profile() is not what it says).
    bool hasErrors() const;
    // Checks the text now if an edit is still waiting for its check.
    void validateNow();
    QPlainTextEdit *sourceEditor() const;
    ProblemsModel *problemsModel() const { return m_problems; }
    TimeChart *ratePreview() const { return m_rate; }
    QTreeWidget *sampleTrace() const;
    QTreeWidget *sampleMetrics() const;
    ProfileForm *form() const;

signals:
    void profileChanged();
    // After every check of the text, with or without problems (the status bar counts them).
    void problemsChanged();

private:
    // True when the text is unedited, or the user agreed to lose the edits.
    bool confirmDiscard(const QString &replacement);
    void setText(const QByteArray &json, const QString &origin);
    void updateOrigin();
    void revalidate();
    void applyFormEdit(const QString &pointer, const QByteArray &json);
    void showRate(const RateShape &shape, double seconds, const QString &unit);
    void showSample(const LoadProfile &profile, double seconds);

    std::unique_ptr<Ui::ProfilePage> m_ui;
    ProblemsModel *m_problems = nullptr;
    TimeChart *m_rate = nullptr;
    int m_rateSeries = 0;
    QTimer m_debounce;
    QString m_filePath;
    QString m_origin;
    QString m_presetName; // the preset the text came from; empty for a file
    std::optional<LoadProfile> m_profile;
};

} // namespace ocw
