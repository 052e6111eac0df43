"""Developer tools: the demo council and the simulated election.

They drive the real services (and so may import them); the services never import them.
"""
