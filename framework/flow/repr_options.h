// What a clip becomes before the model: the `repr:` config section.
//
//   repr:
//     name: di            # di | flow | flow_strain | phase_flow
//     flow:               # TV-L1 (cv::optflow::DualTVL1OpticalFlow), OpenCV's defaults
//       size: 112         # frames to grey, the longer side resized to size before the flow (0: as they are)
//       tau: 0.25, lambda: 0.15, theta: 0.3, nscales: 5, warps: 5, epsilon: 0.01,
//       inner_iterations: 30, outer_iterations: 10, scale_step: 0.8, gamma: 0.0,
//       median_filtering: 5
//       strain: ststnet   # ststnet | meb (formulas below)
//
// Every representation is an 8-bit 3-channel image at the model input, cached like a DI and
// fed through the same augmentation and batches. A strategy's phase slots become:
//   di           full = DI of onset..offset; onset_apex, apex_offset = the phase DIs (as always)
//   flow         (u, v, |w|) of the flow between a span's first and last frame: full and
//                onset_apex = onset->apex (the SOTA input: at the offset the face is back near
//                its onset, so onset->offset flow is close to zero), apex_offset = apex->offset
//   flow_strain  (u, v, optical strain) over the same spans (STSTNet's input)
//   phase_flow   flow_strain of onset->apex and of apex->offset as two samples per clip: the
//                strategy's `full` training slot becomes both phases and a `full` test becomes
//                the mean of their logits (the flow analogue of dual-phase DI)
// Channels are min-max normalised per sample and channel to 0..255 (meb's [0, 1] scaled).
// Strain: ststnet sqrt(ux^2 + vy^2 + 1/2 (uy + vx)^2), the magnitude of the strain tensor
// e = 1/2 (grad w + grad w^T); meb sqrt(ux^2 + vy^2 + 1/2 (uy^2 + vx^2)). Derivatives are
// central differences (one-sided at the border), in pixels of the flow image.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

namespace merlab {

enum class ReprKind { di, flow, flow_strain, phase_flow };
enum class StrainFormula { ststnet, meb };

struct FlowOptions {
  int size = 112;
  double tau = 0.25, lambda = 0.15, theta = 0.3;
  int nscales = 5, warps = 5;
  double epsilon = 0.01;
  int inner_iterations = 30, outer_iterations = 10;
  double scale_step = 0.8, gamma = 0.0;
  int median_filtering = 5;
  StrainFormula strain = StrainFormula::ststnet;
};

struct ReprOptions {
  ReprKind kind = ReprKind::di;
  FlowOptions flow;

  bool is_flow() const { return kind != ReprKind::di; }
  // Text of every option that changes a cached image (cache keys, bank keys).
  std::string pixel_key() const;
  // Builds from the `repr` node (null: di). Throws ConfigError naming the key.
  static ReprOptions from_config(const YAML::Node& repr_node);
};

std::string to_string(ReprKind k);

}  // namespace merlab
