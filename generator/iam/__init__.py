"""What AWS calls closeloop's code makes and which IAM actions they need: the base of the least-privilege proof."""
