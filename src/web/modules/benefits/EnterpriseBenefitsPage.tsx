// 企业补贴: the hiring and job-expansion subsidies found for an enterprise, one card per hire. The
// cards carry no employee data; the server sends none in the list.
import { BenefitCards } from './BenefitCards';

export default function EnterpriseBenefitsPage() {
  return <BenefitCards enterprise />;
}
