// Writes the binary seed files of the fuzz corpora: annotation workbooks through the project's
// own xlsx writer, and small PNG and JPEG frames through OpenCV, like the test fixtures
// (tests/datasets/fixtures.h). fuzz/make_seeds.py runs it and writes the text seeds.
//
//   fuzz_seed_files <corpus-dir>    writes <corpus-dir>/xlsx/*.xlsx and <corpus-dir>/frame/*
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <iostream>

#include "datasets/xlsx_writer.h"

namespace fs = std::filesystem;

namespace {

using Rows = std::vector<std::vector<std::string>>;

// A CASME II-like coding sheet: the header the adapter looks for, numbers and text cells.
Rows casme_sheet() {
  return {{"Subject", "Filename", "OnsetFrame", "ApexFrame", "OffsetFrame", "Action Units", "Estimated Emotion"},
          {"01", "EP02_01f", "46", "59", "86", "12", "happiness"},
          {"02", "EP03_02", "0.5", "", "30", "4+L10", "disgust"},
          {"sub03", "EP19_05f", "-1", "1e3", "TRUE", "R12", "others"}};
}

// A sheet whose data starts below a title row and skips columns (cell references with gaps).
Rows sparse_sheet() { return {{"SAMM micro-movements"}, {}, {"Subject", "", "Onset", "", "Apex"}, {"006", "", "5562", "", "5588"}}; }

cv::Mat gradient(int rows, int cols, int type) {
  cv::Mat m(rows, cols, type);
  const int cn = m.channels();
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols * cn; ++c) {
      double v = (r * 31 + c * 17) % 256;
      if (m.depth() == CV_16U) m.ptr<unsigned short>(r)[c] = static_cast<unsigned short>(v * 257);
      else m.ptr<unsigned char>(r)[c] = static_cast<unsigned char>(v);
    }
  return m;
}

void write_image(const fs::path& p, const cv::Mat& m, const std::vector<int>& params = {}) {
  if (!cv::imwrite(p.string(), m, params)) throw std::runtime_error("cannot write " + p.string());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_seed_files <corpus-dir>\n";
    return 2;
  }
  const fs::path out = argv[1];
  fs::create_directories(out / "xlsx");
  fs::create_directories(out / "frame");

  merlab::write_xlsx(out / "xlsx" / "casme.xlsx", casme_sheet());
  merlab::XlsxWriteOptions inline_strings;
  inline_strings.inline_strings = true;
  merlab::write_xlsx(out / "xlsx" / "casme_inline.xlsx", casme_sheet(), inline_strings);
  merlab::write_xlsx(out / "xlsx" / "sparse.xlsx", sparse_sheet());

  // 8x8 frames, as the test fixtures use, in the formats datasets ship (JPEG, PNG) and the
  // channel layouts a decoder may meet.
  write_image(out / "frame" / "color.png", gradient(8, 8, CV_8UC3));
  write_image(out / "frame" / "gray.png", gradient(8, 8, CV_8UC1));
  write_image(out / "frame" / "alpha.png", gradient(6, 5, CV_8UC4));
  write_image(out / "frame" / "deep.png", gradient(4, 4, CV_16UC3));
  write_image(out / "frame" / "color.jpg", gradient(8, 8, CV_8UC3), {cv::IMWRITE_JPEG_QUALITY, 90});
  write_image(out / "frame" / "gray.jpg", gradient(8, 8, CV_8UC1), {cv::IMWRITE_JPEG_QUALITY, 50});
  write_image(out / "frame" / "progressive.jpg", gradient(16, 9, CV_8UC3),
              {cv::IMWRITE_JPEG_PROGRESSIVE, 1, cv::IMWRITE_JPEG_QUALITY, 75});
  std::cout << "fuzz_seed_files: wrote " << out.string() << "/{xlsx,frame}\n";
  return 0;
}
