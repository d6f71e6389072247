#include "datasets/synthetic_face.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace merlab::synth {
namespace {

// Face-relative coordinates: u, v in [-1, 1] across the face ellipse.
struct Frame2 {
  double cx, cy, ax, ay;
  cv::Point2d at(double u, double v) const { return {cx + u * ax, cy + v * ay}; }
};

cv::Point pt(const cv::Point2d& p) { return {static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y))}; }
// Line thickness in pixels, at least 1 (OpenCV rejects 0) whatever the image size.
int thick(double t) { return std::max(1, static_cast<int>(std::lround(t))); }
cv::Size sz(double a, double b) {
  return {std::max(1, static_cast<int>(std::lround(a))), std::max(1, static_cast<int>(std::lround(b)))};
}

// Smooth random texture: noise drawn on a coarse grid and upsampled (values ~N(0,1)).
cv::Mat smooth_noise(cv::RNG& rng, int side, int cells) {
  cv::Mat small(cells, cells, CV_32F);
  rng.fill(small, cv::RNG::NORMAL, 0.0, 1.0);
  cv::Mat big;
  cv::resize(small, big, cv::Size(side, side), 0, 0, cv::INTER_CUBIC);
  return big;
}

// Adds a Gaussian-windowed displacement (dx, dy) centred at c with sigmas (sx, sy).
void add_bump(cv::Mat& field, cv::Point2d c, double sx, double sy, double dx, double dy) {
  for (int y = 0; y < field.rows; ++y) {
    auto* row = field.ptr<cv::Vec2f>(y);
    double ey = (y - c.y) * (y - c.y) / (2 * sy * sy);
    if (ey > 12) continue;
    for (int x = 0; x < field.cols; ++x) {
      double e = ey + (x - c.x) * (x - c.x) / (2 * sx * sx);
      if (e > 12) continue;
      double w = std::exp(-e);
      row[x][0] += static_cast<float>(w * dx);
      row[x][1] += static_cast<float>(w * dy);
    }
  }
}

}  // namespace

const char* au_code(int au) {
  static const char* codes[kAuCount] = {"1", "2", "4", "7", "9", "12", "17", "24"};
  return codes[au];
}

Face render_face(cv::RNG& rng, int size, int factor) {
  const int H = size * factor;
  const double s = H;
  Face face;
  face.factor = factor;

  Frame2 f{s * (0.5 + rng.uniform(-0.02, 0.02)), s * (0.53 + rng.uniform(-0.02, 0.02)), s * rng.uniform(0.34, 0.40),
           s * rng.uniform(0.44, 0.48)};
  // Skin tone between a light and a dark palette entry (BGR).
  double tone = rng.uniform(0.0, 1.0);
  cv::Scalar skin(205 - 110 * tone, 215 - 95 * tone, 238 - 80 * tone);
  cv::Scalar hair(rng.uniform(20, 60), rng.uniform(25, 60), rng.uniform(30, 70));
  cv::Scalar lips(skin[0] * 0.62, skin[1] * 0.58, skin[2] * 0.85);
  cv::Scalar bg(rng.uniform(70, 150), rng.uniform(70, 150), rng.uniform(70, 150));

  // Feature placement, per subject.
  const double eye_u = 0.40 + rng.uniform(-0.03, 0.03), eye_v = -0.14 + rng.uniform(-0.03, 0.03);
  const double brow_v = eye_v - 0.20 + rng.uniform(-0.03, 0.03);
  const double brow_thick = s * rng.uniform(0.014, 0.022);
  const double nose_v = 0.24 + rng.uniform(-0.03, 0.03);
  const double mouth_v = 0.50 + rng.uniform(-0.03, 0.03), mouth_w = 0.30 + rng.uniform(-0.04, 0.04);
  const double chin_v = 0.80;

  cv::Mat canvas(H, H, CV_8UC3, bg);
  // Hair behind the head, then the face.
  cv::ellipse(canvas, pt(f.at(0, -0.12)), sz(f.ax * 1.08, f.ay * 1.0), 0, 0, 360, hair, cv::FILLED, cv::LINE_AA);
  cv::ellipse(canvas, pt(f.at(0, 0)), sz(f.ax, f.ay), 0, 0, 360, skin, cv::FILLED, cv::LINE_AA);
  cv::ellipse(canvas, pt(f.at(0, -0.78)), sz(f.ax * 0.9, f.ay * 0.28), 0, 180, 360, hair, cv::FILLED, cv::LINE_AA);

  for (int side : {-1, 1}) {
    // Eye: sclera, iris, upper lid line, a faint lower-lid crease.
    cv::Point2d e = f.at(side * eye_u, eye_v);
    cv::ellipse(canvas, pt(e), sz(f.ax * 0.17, f.ay * 0.055), 0, 0, 360, cv::Scalar(235, 238, 240), cv::FILLED, cv::LINE_AA);
    cv::circle(canvas, pt(e), static_cast<int>(f.ay * 0.045), cv::Scalar(60, 70, 90) * rng.uniform(0.6, 1.3), cv::FILLED, cv::LINE_AA);
    cv::ellipse(canvas, pt(e), sz(f.ax * 0.18, f.ay * 0.065), 0, 190, 350, hair * 0.8, thick(s * 0.008), cv::LINE_AA);
    cv::ellipse(canvas, pt(f.at(side * eye_u, eye_v + 0.05)), sz(f.ax * 0.15, f.ay * 0.04), 0, 20, 160, skin * 0.8,
                thick(s * 0.004), cv::LINE_AA);
    // Brow: a thick arc.
    cv::ellipse(canvas, pt(f.at(side * 0.40, brow_v + 0.06)), sz(f.ax * 0.26, f.ay * 0.08), 0, 200, 340, hair,
                thick(brow_thick), cv::LINE_AA);
    // Nostril and nasolabial fold.
    cv::ellipse(canvas, pt(f.at(side * 0.10, nose_v + 0.02)), sz(f.ax * 0.05, f.ay * 0.02), side * 20, 0, 360,
                skin * 0.45, cv::FILLED, cv::LINE_AA);
    cv::ellipse(canvas, pt(f.at(side * 0.30, mouth_v - 0.04)), sz(f.ax * 0.16, f.ay * 0.22), side * -15,
                side > 0 ? 280 : 200, side > 0 ? 340 : 260, skin * 0.82, thick(s * 0.006), cv::LINE_AA);
  }
  // Nose ridge shading and tip.
  cv::line(canvas, pt(f.at(-0.08, eye_v + 0.05)), pt(f.at(-0.10, nose_v - 0.02)), skin * 0.88, thick(s * 0.008), cv::LINE_AA);
  cv::ellipse(canvas, pt(f.at(0, nose_v - 0.03)), sz(f.ax * 0.12, f.ay * 0.05), 0, 0, 180, skin * 0.8,
              thick(s * 0.005), cv::LINE_AA);
  // Lips: upper and lower halves, the mouth line between them.
  cv::ellipse(canvas, pt(f.at(0, mouth_v)), sz(f.ax * mouth_w, f.ay * 0.06), 0, 180, 360, lips, cv::FILLED, cv::LINE_AA);
  cv::ellipse(canvas, pt(f.at(0, mouth_v)), sz(f.ax * mouth_w * 0.92, f.ay * 0.075), 0, 0, 180, lips * 1.08, cv::FILLED, cv::LINE_AA);
  cv::line(canvas, pt(f.at(-mouth_w, mouth_v)), pt(f.at(mouth_w, mouth_v)), lips * 0.55, thick(s * 0.006), cv::LINE_AA);
  // Chin crease.
  cv::ellipse(canvas, pt(f.at(0, chin_v - 0.08)), sz(f.ax * 0.16, f.ay * 0.05), 0, 20, 160, skin * 0.85,
              thick(s * 0.005), cv::LINE_AA);

  // Texture and lighting, in floating point.
  cv::Mat img;
  canvas.convertTo(img, CV_32FC3);
  cv::Mat tex = smooth_noise(rng, H, 6) * 0.05 + smooth_noise(rng, H, size / 4) * 0.04 + smooth_noise(rng, H, size) * 0.05;
  double angle = rng.uniform(0.0, 2 * CV_PI), strength = rng.uniform(0.10, 0.30);
  cv::Mat gain(H, H, CV_32F);
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < H; ++x) {
      double proj = ((x - s / 2) * std::cos(angle) + (y - s / 2) * std::sin(angle)) / s;
      gain.at<float>(y, x) = static_cast<float>((1.0 + strength * proj * 2) * (1.0 + tex.at<float>(y, x)));
    }
  cv::Mat gain3;
  cv::merge(std::vector<cv::Mat>{gain, gain, gain}, gain3);
  cv::multiply(img, gain3, img);
  cv::GaussianBlur(img, img, cv::Size(0, 0), factor * 0.35);
  face.neutral = img;

  // AU displacement fields (content moves by the field; units: supersampled pixels per
  // output pixel of amplitude). Sigmas scale with the face so every subject moves alike.
  const double k = factor, sa = f.ax;
  for (auto& m : face.fields) m = cv::Mat::zeros(H, H, CV_32FC2);
  for (int side : {-1, 1}) {
    add_bump(face.fields[AU1], f.at(side * 0.16, brow_v), sa * 0.13, sa * 0.12, 0, -k);
    add_bump(face.fields[AU2], f.at(side * 0.62, brow_v + 0.03), sa * 0.14, sa * 0.12, 0, -k);
    add_bump(face.fields[AU4], f.at(side * 0.26, brow_v + 0.02), sa * 0.15, sa * 0.11, -side * 0.6 * k, 0.8 * k);
    add_bump(face.fields[AU7], f.at(side * eye_u, eye_v + 0.06), sa * 0.15, sa * 0.05, 0, -k);
    add_bump(face.fields[AU9], f.at(side * 0.13, nose_v - 0.08), sa * 0.10, sa * 0.12, 0, -k);
    add_bump(face.fields[AU9], f.at(side * 0.12, mouth_v - 0.08), sa * 0.12, sa * 0.05, 0, -0.5 * k);
    add_bump(face.fields[AU12], f.at(side * mouth_w, mouth_v), sa * 0.12, sa * 0.10, side * 0.75 * k, -0.65 * k);
  }
  add_bump(face.fields[AU24], f.at(0, mouth_v - 0.05), sa * 0.26, sa * 0.05, 0, k);
  add_bump(face.fields[AU24], f.at(0, mouth_v + 0.06), sa * 0.26, sa * 0.05, 0, -k);
  add_bump(face.fields[AU17], f.at(0, chin_v - 0.06), sa * 0.24, sa * 0.10, 0, -k);
  add_bump(face.fields[AU17], f.at(0, mouth_v + 0.07), sa * 0.20, sa * 0.05, 0, -0.4 * k);

  // Landmarks on the features drawn above (angles in degrees on each feature's ellipse; image
  // y points down, so angles in (180, 360) are the upper half).
  auto on = [&](cv::Point2d c, double rx, double ry, double deg) {
    double a = deg * CV_PI / 180;
    return cv::Point2d(c.x + rx * std::cos(a), c.y + ry * std::sin(a));
  };
  auto& L = face.landmarks;
  for (int i = 0; i < 17; ++i) {  // jaw: from the image-left ear over the chin to the right ear
    double a = (CV_PI + 0.15) - i * (CV_PI + 0.30) / 16;
    L[static_cast<std::size_t>(i)] = {f.cx + f.ax * std::cos(a), f.cy + f.ay * std::sin(a)};
  }
  for (int side : {-1, 1}) {  // brows 17-21 (image left) and 22-26, left to right
    cv::Point2d c = f.at(side * 0.40, brow_v + 0.06);
    for (int i = 0; i < 5; ++i)
      L[static_cast<std::size_t>((side < 0 ? 17 : 22) + i)] = on(c, f.ax * 0.26, f.ay * 0.08, 200 + 35 * i);
  }
  for (int i = 0; i < 4; ++i) L[static_cast<std::size_t>(27 + i)] = f.at(0, eye_v + (nose_v - 0.03 - eye_v) * i / 3.0);
  for (int i = 0; i < 5; ++i) L[static_cast<std::size_t>(31 + i)] = f.at(-0.12 + 0.06 * i, nose_v + 0.02);
  // Eyes: 36-41 (image left: outer corner, two upper, inner corner, two lower), 42-47 mirrored.
  const double eye_deg[6] = {180, 240, 300, 0, 60, 120};
  for (int side : {-1, 1}) {
    cv::Point2d e = f.at(side * eye_u, eye_v);
    for (int i = 0; i < 6; ++i)
      L[static_cast<std::size_t>((side < 0 ? 36 : 42) + i)] = on(e, f.ax * 0.17, f.ay * 0.055, eye_deg[i]);
  }
  const cv::Point2d m = f.at(0, mouth_v);
  for (int i = 0; i < 12; ++i) L[static_cast<std::size_t>(48 + i)] = on(m, f.ax * mouth_w, f.ay * 0.07, 180 + 30 * i);
  for (int i = 0; i < 8; ++i) L[static_cast<std::size_t>(60 + i)] = on(m, f.ax * mouth_w * 0.8, f.ay * 0.02, 180 + 45 * i);
  return face;
}

}  // namespace merlab::synth
