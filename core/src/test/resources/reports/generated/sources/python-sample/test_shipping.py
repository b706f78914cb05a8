import unittest

import shipping


class ShippingTest(unittest.TestCase):
    def test_cost(self):
        self.assertEqual(shipping.cost(1), 7)

    def test_express(self):
        self.assertEqual(shipping.cost(1, express=True), 14)

    def test_zone(self):
        self.assertEqual(shipping.zone("MA"), "domestic")


if __name__ == "__main__":
    unittest.main()
