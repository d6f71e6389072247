// The interface every model in the zoo implements, and what the trainer and engine call.
// Models follow the pytorch/examples C++ style (FooImpl + TORCH_MODULE(Foo)); each Impl derives
// from ClassifierImpl so the engine can hold any of them behind one pointer.
#pragma once

#include <torch/torch.h>
#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>

namespace merlab {

class ClassifierImpl : public torch::nn::Module {
 public:
  // x: [N, input_channels(), H, W] float (normalised DI images); returns logits [N, num_classes].
  virtual torch::Tensor forward(torch::Tensor x) = 0;

  // Channels of the input: 3 for one image; 3 per stream for a model that reads several images of
  // a clip stacked along the channel axis (the two-stream model reads [N, 6, H, W]).
  virtual int64_t input_channels() const { return 3; }
};

using ClassifierPtr = std::shared_ptr<ClassifierImpl>;

}  // namespace merlab
