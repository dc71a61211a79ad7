"""Qt-free domain services. They take a UowFactory and return immutable DTOs."""
