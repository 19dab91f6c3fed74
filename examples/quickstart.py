"""PyTorch's quickstart model, unchanged, run eagerly on JAX and then compiled with jax.jit."""

import torch
import torch.nn as nn
import torch.nn.functional as F

import torchax


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = x.view(-1, 28 * 28)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


def main():
    m = MyModel()
    torchax.enable_globally()
    m.to("jax")
    inputs = torch.randn(3, 1, 28, 28, device="jax")
    outputs = m(inputs)
    print(outputs.shape)
    print(outputs.device)

    from torchax.interop import JittableModule

    m_jitted = JittableModule(m)
    jitted_outputs = m_jitted(inputs)
    print(jitted_outputs.shape)
    print(jitted_outputs.device)
    torchax.disable_globally()


if __name__ == "__main__":
    main()
