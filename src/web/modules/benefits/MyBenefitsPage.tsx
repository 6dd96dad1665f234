// 我的待遇: the benefits found for a resident, one card each, with the next thing to do.
import { BenefitCards } from './BenefitCards';

export default function MyBenefitsPage() {
  return <BenefitCards enterprise={false} />;
}
